/* test-json-reader.c: the JSON reader without a tree, and the cases,
 * lifecycles and feed pages read with it
 *
 * What it accepts must be what json-glib and the tree readers make of
 * the same text; what it refuses or is not sure of, the tree readers
 * read or refuse in their own words (fuzz-case-reader checks the same
 * on arbitrary input).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gw-case-reader.h"
#include "gw-feed-page-private.h"
#include "gw-json.h"
#include "gw-store-quarantine.h"
#include "gw-test-util.h"

static gboolean
walks (const char *text,
       gsize       len)
{
  GwJsonReader r;

  gw_json_reader_init (&r, text, len);
  return gw_json_reader_skip (&r) && gw_json_reader_finish (&r);
}

static void
test_reader_valid (void)
{
  const char *valid[] = {
    "{}", "[]", " [ 1 , -2.5e3 , 0 , -0 , 1E+2 , true , false , null ] ", "\"\"",
    "{\"a\":{\"b\":[{\"c\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\"}]}}",
    "\"中文\"", "123456789012345678",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (valid[i], strlen (valid[i]));
      g_autoptr(JsonNode) tree = gw_json_parse_bytes (bytes, NULL);

      g_test_message ("%s", valid[i]);
      g_assert_true (walks (valid[i], strlen (valid[i])));
      g_assert_nonnull (tree);
    }
}

static void
test_reader_malformed (void)
{
  const char *malformed[] = {
    "", " ", "{", "}", "[1,]", "{\"a\":1,}", "[,1]", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul", "truex",
    "[1 2]", "{\"a\" 1}", "{1:2}", "{\"a\":}", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\",
    "\xef\xbb\xbf{}", "{} x", "{}{}", "/* c */ 1", "'a'", "NaN", "Infinity", "[1]]",
    "{\"a\\u0062\":1}", "{\"\xc3\xa9\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      g_assert_false (walks (malformed[i], strlen (malformed[i])));
    }
}

static void
test_reader_text (void)
{
  /* Bytes that are not UTF-8, NUL and control characters, and escapes
   * that make NUL or a lone surrogate. */
  static const char * const bad[] = {
    "\"\xff\"", "\"\xc3\"", "\"a\xc3\"", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"a\x01b\"", "\"a\nb\"",
    "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\ud800x\"", "\"x\\udfff\"",
  };
  const char nul[] = "\"a\0b\"";
  GwJsonReader r;
  char *value = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gw_json_reader_init (&r, bad[i], strlen (bad[i]));
      g_assert_false (gw_json_reader_string (&r, &value));
      g_assert_null (value);
      g_assert_nonnull (r.failure);
    }
  g_assert_false (walks (nul, sizeof nul - 1));

  gw_json_reader_init (&r, "\"\\u00e9\\ud83d\\ude00\\n\"", 22);
  g_assert_true (gw_json_reader_string (&r, &value));
  g_assert_cmpstr (value, ==, "é😀\n");
  g_free (value);
}

static void
test_reader_numbers (void)
{
  GwJsonReader r;
  gint64 n;
  double d;

  gw_json_reader_init (&r, "-123456789012345678", 19);
  g_assert_true (gw_json_reader_int (&r, &n));
  g_assert_cmpint (n, ==, -123456789012345678);
  /* Beyond 18 digits it might not fit: refused rather than wrapped. */
  gw_json_reader_init (&r, "9223372036854775808", 19);
  g_assert_false (gw_json_reader_int (&r, &n));
  gw_json_reader_init (&r, "1.5", 3);
  g_assert_false (gw_json_reader_int (&r, &n));
  gw_json_reader_init (&r, "1e400", 5);
  g_assert_false (gw_json_reader_double (&r, &d));
  gw_json_reader_init (&r, "-1e400", 6);
  g_assert_false (gw_json_reader_double (&r, &d));
  gw_json_reader_init (&r, "0.00000000000000000000000000000000000000001", 43);
  g_assert_false (gw_json_reader_double (&r, &d));
  gw_json_reader_init (&r, "35.343412999999998", 18);
  g_assert_true (gw_json_reader_double (&r, &d));
  g_assert_cmpfloat (d, ==, g_ascii_strtod ("35.343412999999998", NULL));
  gw_json_reader_init (&r, "\"1\"", 3);
  g_assert_false (gw_json_reader_double (&r, &d));
}

static void
test_reader_deep (void)
{
  g_autoptr(GString) ok = g_string_new (NULL);
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < GW_JSON_MAX_DEPTH; i++)
    g_string_append (ok, i % 2 ? "{\"a\":" : "[");
  g_string_append_c (ok, '1');
  for (guint i = GW_JSON_MAX_DEPTH; i > 0; i--)
    g_string_append (ok, (i - 1) % 2 ? "}" : "]");
  g_assert_true (walks (ok->str, ok->len));

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_assert_false (walks (deep->str, deep->len));
}

static GBytes *
corpus (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "case-reader", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize len;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (text, len);
}

/* Every prefix of a document cut short is refused. */
static void
test_reader_truncated (void)
{
  g_autoptr(GBytes) page = corpus ("server-page.json");
  gsize len;
  const char *text = g_bytes_get_data (page, &len);

  g_assert_true (walks (text, len));
  for (gsize cut = 0; cut < len; cut++)
    if (!g_ascii_isspace (text[cut]))
      {
        g_assert_false (walks (text, cut));
        if (cut % 7 == 0)
          {
            g_autoptr(GBytes) part = g_bytes_new_from_bytes (page, 0, cut);
            g_autoptr(GwFeedPage) read = gw_feed_page_read_text (part);

            g_assert_null (read);
          }
      }
}

static char *
to_text (GwCase *kase)
{
  g_autoptr(JsonNode) json = gw_case_to_json (kase);

  return json_to_string (json, FALSE);
}

static GwCase *
read_text (const char *text)
{
  g_autoptr(GwCase) kase = NULL;
  GwJsonReader r;

  gw_json_reader_init (&r, text, strlen (text));
  if (!(kase = gw_case_read (&r)) || !gw_json_reader_finish (&r))
    return NULL;
  return g_steal_pointer (&kase);
}

/* A case with every field this reader reads, written and read back. */
static void
test_case_every_field (void)
{
  g_auto(GwCaseData) d = { 0 };
  GwEscalation *e = gw_escalation_new ();
  g_autoptr(GwCase) kase = NULL;
  g_autoptr(GwCase) fast = NULL;
  g_autoptr(GwCase) tree = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fast_text = NULL;
  g_autofree char *tree_text = NULL;
  const char *media[] = { "/api/v1/media/a", "/api/v1/media/b", NULL };

  d.id = g_strdup ("GW20261201-000001");
  d.status = GW_CASE_STATUS_SUSPENDED;
  d.category = g_strdup ("E0401");
  d.source = GW_CASE_SOURCE_OPEN311;
  d.lat = 35.343412999999998;
  d.lon = -117.092663;
  d.grid = g_strdup ("370883006002005");
  d.urgent = TRUE;
  d.description = g_strdup ("占道经营\n第二行\t\"引号\" \\ é😀");
  d.reporter = g_strdup ("w0476");
  d.media = g_strdupv ((char **) media);
  d.reported_at = g_strdup ("2026-11-30T03:52:48+00:00");
  d.deadline = g_strdup ("2026-12-14T11:52:00+08:00");
  d.assignee = g_strdup ("worker:w0486");
  d.version = 123456789012;
  d.created_at = g_strdup ("2026-11-30T11:52:48+08:00");
  d.updated_at = g_strdup ("2026-12-03T23:50:36+08:00");
  d.note = g_strdup ("等待材料");
  d.closed_at = g_strdup ("2026-12-01T09:16:48+08:00");
  d.reworks = 2;
  d.extensions = 65535;
  d.returns = 1;
  d.requested_deadline = g_strdup ("2026-12-20T09:00:00+08:00");
  d.held_from = GW_CASE_STATUS_IN_PROGRESS;
  d.held_at = g_strdup ("2026-12-02T09:00:00+08:00");
  d.handled_by = g_strdup ("town:370883006");
  d.origin_endpoint = g_strdup ("https://311.example/api");
  d.origin_id = g_strdup ("311-42");
  d.origin_service = g_strdup ("potholes");
  d.location = GW_CASE_LOCATION_OUTSIDE;
  e->state = GW_ESCALATION_RESOLVED;
  e->to_level = GW_LEVEL_COUNTY;
  e->called = g_strdup ("d01");
  e->item = g_strdup ("A1");
  e->reason = g_strdup ("多部门");
  e->whistled_by = g_strdup ("w1");
  e->whistled_at = g_strdup ("2026-12-01T09:00:00+08:00");
  e->approved_by = g_strdup ("h1");
  e->approved_at = g_strdup ("2026-12-01T10:00:00+08:00");
  e->report_deadline = g_strdup ("2026-12-02T10:00:00+08:00");
  e->reported_by = g_strdup ("d1");
  e->reported_at = g_strdup ("2026-12-02T09:00:00+08:00");
  e->report_note = g_strdup ("已处置");
  e->resolved_at = g_strdup ("2026-12-02T11:00:00+08:00");
  e->resolution = g_strdup ("完成");
  e->rating = 5;
  e->rating_comment = g_strdup ("好");
  gw_case_data_add_escalation (&d, e);

  kase = gw_case_new (&d);
  text = to_text (kase);
  fast = read_text (text);
  g_assert_nonnull (fast);
  node = json_from_string (text, NULL);
  tree = gw_case_new_from_json (node, NULL);
  g_assert_nonnull (tree);
  fast_text = to_text (fast);
  tree_text = to_text (tree);
  g_assert_cmpstr (fast_text, ==, text);
  g_assert_cmpstr (tree_text, ==, text);
  g_assert_cmpint (gw_case_get_reported_unix (fast), ==, gw_case_get_reported_unix (kase));
  g_assert_cmpint (gw_case_get_deadline_unix (fast), ==, gw_case_get_deadline_unix (kase));
}

static const char base_case[] =
  "{\"id\":\"GW-1\",\"status\":\"reported\",\"category\":\"E0401\",\"source\":\"patrol\",\"lat\":35.3,\"lon\":117.1,"
  "\"grid\":\"g\",\"priority\":\"normal\",\"description\":\"d\",\"reporter\":null,\"media\":[],"
  "\"reported_at\":\"2026-11-30T03:52:48+00:00\",\"deadline\":null,\"assignee\":null,\"version\":1,"
  "\"created_at\":\"c\",\"updated_at\":\"u\"%s}";

/* What the tree reader refuses, this one refuses too; what it only
 * declines the tree reader reads the same. */
static void
test_case_refusals (void)
{
  static const struct { const char *extra; gboolean tree_reads; } cases[] = {
    { "", TRUE },
    { ",\"extra\":[1,{\"x\":null}]", TRUE },
    { ",\"status\":\"nonsense\"", FALSE },
    { ",\"id\":\"\"", FALSE },
    { ",\"id\":\"a\\u0001b\"", FALSE },
    { ",\"lat\":91", FALSE },
    { ",\"lat\":\"35\"", FALSE },
    { ",\"lat\":1e999", FALSE },
    { ",\"version\":0", FALSE },
    { ",\"version\":1.5", FALSE },
    { ",\"version\":99999999999999999999", FALSE },
    { ",\"priority\":\"high\"", FALSE },
    { ",\"reported_at\":\"yesterday\"", FALSE },
    { ",\"deadline\":\"soon\"", FALSE },
    { ",\"grid\":\"a\\nb\"", FALSE },
    { ",\"lifecycle\":[]", FALSE },
    { ",\"lifecycle\":{\"held_at\":\"2026-11-30T03:52:48+00:00\"}", FALSE },
    { ",\"lifecycle\":{\"reworks\":70000}", FALSE },
    { ",\"lifecycle\":{\"reworks\":-1}", FALSE },
    { ",\"lifecycle\":{\"origin\":{\"location\":\"moon\"}}", FALSE },
    { ",\"lifecycle\":{\"handled_by\":\"worker:w1\"}", FALSE },
    { ",\"lifecycle\":{\"escalations\":[{\"state\":\"nonsense\",\"to_level\":\"town\"}]}", FALSE },
    { ",\"lifecycle\":{\"escalations\":[{\"state\":\"pending\",\"to_level\":\"town\",\"rating\":6}]}", FALSE },
    { ",\"lifecycle\":{\"escalations\":[{\"state\":\"pending\",\"to_level\":\"grid\"}]}", FALSE },
    { ",\"lifecycle\":{\"escalations\":{}}", FALSE },
    /* Declined here, read by the tree reader. */
    { ",\"lifecycle\":{\"possible_duplicates\":[\"GW-2\"]}", TRUE },
    { ",\"grid\":7", TRUE },
    { ",\"media\":[1,\"/m\"]", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (base_case, cases[i].extra);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);
      g_autoptr(GwCase) tree = gw_case_new_from_json (node, NULL);
      g_autoptr(GwCase) fast = read_text (text);

      g_test_message ("%s", text);
      g_assert_nonnull (node);
      g_assert_true ((tree != NULL) == cases[i].tree_reads);
      if (fast)
        {
          g_autofree char *a = to_text (fast);
          g_autofree char *b = to_text (tree);

          g_assert_nonnull (tree);
          g_assert_cmpstr (a, ==, b);
        }
      /* A duplicate member: the tree reader's call, declined here. */
      if (*cases[i].extra && !g_str_has_prefix (cases[i].extra, ",\"extra\""))
        g_assert_null (fast);
    }
}

static void
assert_pages_equal (GwFeedPage *a,
                    GwFeedPage *b)
{
  g_assert_cmpint (a->last_seq, ==, b->last_seq);
  g_assert_cmpint (a->more, ==, b->more);
  g_assert_cmpstr (a->feed_id, ==, b->feed_id);
  g_assert_cmpuint (a->n_quarantined, ==, b->n_quarantined);
  g_assert_cmpuint (a->items->len, ==, b->items->len);
  g_assert_cmpuint (a->cases->len, ==, b->cases->len);
  for (guint i = 0; i < a->items->len; i++)
    {
      const GwQuarantineEntry *x = g_ptr_array_index (a->items, i);
      const GwQuarantineEntry *y = g_ptr_array_index (b->items, i);

      g_assert_cmpint (x->seq, ==, y->seq);
      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (x->reason, ==, y->reason);
    }
  for (guint i = 0; i < a->cases->len; i++)
    {
      g_autofree char *x = to_text (g_ptr_array_index (a->cases, i));
      g_autofree char *y = to_text (g_ptr_array_index (b->cases, i));

      g_assert_cmpstr (x, ==, y);
    }
}

static GwFeedPage *
tree_page (GBytes *body)
{
  g_autoptr(GwTownResponse) response = g_new0 (GwTownResponse, 1);

  response->status = 200;
  g_assert_true (gw_town_response_read_page (response, body, NULL));
  return gw_feed_page_read (response, NULL);
}

/* The server's page, and one with a case the tree reader sets aside. */
static void
test_page (void)
{
  g_autoptr(GBytes) body = corpus ("server-page.json");
  g_autoptr(GwFeedPage) fast = gw_feed_page_read_text (body);
  g_autoptr(GwFeedPage) tree = tree_page (body);
  g_autofree char *bad_text = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(GwFeedPage) bad_fast = NULL;
  g_autoptr(GwFeedPage) bad_tree = NULL;
  g_autofree char *one = g_strdup_printf (base_case, ",\"lat\":95");
  g_autofree char *two = g_strdup_printf (base_case, "");

  g_assert_nonnull (fast);
  g_assert_nonnull (tree);
  g_assert_cmpuint (fast->cases->len, ==, 16);
  assert_pages_equal (fast, tree);
  /* Every case of the server's page is the reader's own. */
  {
    gsize len;
    const char *text = g_bytes_get_data (body, &len);
    g_autoptr(JsonNode) root = json_from_string (text, NULL);
    JsonArray *changes = json_object_get_array_member (json_node_get_object (root), "changes");

    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonNode *data = json_object_get_member (json_array_get_object_element (changes, i), "data");
        g_autofree char *case_text = json_to_string (data, FALSE);
        g_autoptr(GwCase) kase = read_text (case_text);

        g_assert_nonnull (kase);
      }
  }

  bad_text = g_strdup_printf ("{\"changes\":[{\"seq\":1,\"kind\":\"case\",\"data\":%s},"
                              "{\"seq\":2,\"kind\":\"case\",\"version\":1,\"data\":%s},"
                              "{\"seq\":3,\"kind\":\"grid\",\"id\":\"g\"}],"
                              "\"last_seq\":3,\"more\":false,\"feed\":\"f\"}", one, two);
  bad = g_bytes_new (bad_text, strlen (bad_text));
  bad_fast = gw_feed_page_read_text (bad);
  bad_tree = tree_page (bad);
  g_assert_nonnull (bad_fast);
  g_assert_nonnull (bad_tree);
  g_assert_cmpuint (bad_fast->n_quarantined, ==, 1);
  g_assert_true (bad_fast->reference_changed);
  assert_pages_equal (bad_fast, bad_tree);

  /* Framing the tree reader refuses is not read here. */
  {
    g_autoptr(GBytes) framing = g_bytes_new_static ("{\"changes\":[],\"last_seq\":-1,\"more\":false}", 41);
    g_autoptr(GwFeedPage) refused = gw_feed_page_read_text (framing);

    g_assert_null (refused);
  }
}

/* The cache's column, read here or by the tree reader. */
static void
test_lifecycle_text (void)
{
  static const char * const texts[] = {
    "{\"note\":\"n\",\"closed_at\":\"2026-12-01T09:16:48+08:00\",\"reworks\":0,\"extensions\":0,\"returns\":0,"
    "\"requested_deadline\":null}",
    "{\"possible_duplicates\":[\"GW-2\"],\"note\":\"n\"}",
    "{\"note\":\"a\",\"note\":\"b\"}",
    "not json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_auto(GwCaseData) fast = { .id = g_strdup ("GW-1") };
      g_auto(GwCaseData) tree = { .id = g_strdup ("GW-1") };
      g_autoptr(JsonNode) node = json_from_string (texts[i], NULL);
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;
      g_autofree char *x = NULL;
      g_autofree char *y = NULL;

      g_assert_true (gw_case_lifecycle_from_text (&fast, texts[i], NULL));
      g_assert_true (node == NULL || gw_case_lifecycle_from_json (&tree, node, NULL));
      a = gw_case_lifecycle_to_json (&fast);
      b = gw_case_lifecycle_to_json (&tree);
      x = json_to_string (a, FALSE);
      y = json_to_string (b, FALSE);
      g_assert_cmpstr (x, ==, y);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-reader/valid", test_reader_valid);
  g_test_add_func ("/json-reader/malformed", test_reader_malformed);
  g_test_add_func ("/json-reader/text", test_reader_text);
  g_test_add_func ("/json-reader/numbers", test_reader_numbers);
  g_test_add_func ("/json-reader/deep", test_reader_deep);
  g_test_add_func ("/json-reader/truncated", test_reader_truncated);
  g_test_add_func ("/json-reader/case-every-field", test_case_every_field);
  g_test_add_func ("/json-reader/case-refusals", test_case_refusals);
  g_test_add_func ("/json-reader/page", test_page);
  g_test_add_func ("/json-reader/lifecycle-text", test_lifecycle_text);
  return g_test_run ();
}
