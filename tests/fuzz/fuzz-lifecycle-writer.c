/* fuzz-lifecycle-writer.c: the lifecycle written as text, against json-glib
 *
 * gw-case-writer.c writes the cache's lifecycle column without a tree;
 * the store's LIKE queries match json-glib's text, so for any lifecycle
 * the two texts must be the same bytes. The input is taken two ways: as
 * raw material for every field of a lifecycle (any bytes but NUL in its
 * texts, every value of its enums and counts), and as a lifecycle's
 * JSON text, read as the cache reads its column.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-case-desk.h"
#include "gw-case-reader.h"
#include "gw-case-writer.h"
#include "gw-escalation.h"
#include "gw-fuzz.h"

typedef struct
{
  const uint8_t *p;
  const uint8_t *end;
} Input;

static guint
take_byte (Input *in)
{
  return in->p < in->end ? *in->p++ : 0;
}

/* A length byte, then that many bytes (cut at a NUL); 0xff is no text. */
static char *
take_text (Input *in)
{
  guint len = take_byte (in);
  char *text;

  if (len == 0xff)
    return NULL;
  len = MIN (len, (gsize) (in->end - in->p));
  text = g_strndup ((const char *) in->p, len);
  in->p += len;
  return text;
}

static char **
take_ids (Input *in)
{
  guint n = take_byte (in) % 4;
  char **ids = n ? g_new0 (char *, n + 1) : NULL;

  for (guint i = 0; i < n; i++)
    if (!(ids[i] = take_text (in)))
      ids[i] = g_strdup ("");
  return ids;
}

static GwEscalation *
take_escalation (Input *in)
{
  GwEscalation *e = gw_escalation_new ();

  e->state = take_byte (in) % GW_N_ESCALATION_STATES;
  e->to_level = take_byte (in) % GW_N_LEVELS;
  e->called = take_text (in);
  e->item = take_text (in);
  e->reason = take_text (in);
  e->whistled_by = take_text (in);
  e->whistled_at = take_text (in);
  e->approved_by = take_text (in);
  e->approved_at = take_text (in);
  e->report_deadline = take_text (in);
  e->reported_by = take_text (in);
  e->reported_at = take_text (in);
  e->report_note = take_text (in);
  e->resolved_at = take_text (in);
  e->resolution = take_text (in);
  e->rating = (int) take_byte (in) - 2;
  e->rating_comment = take_text (in);
  return e;
}

static void
assert_same_text (const GwCaseData *d)
{
  g_autoptr(JsonNode) tree = gw_case_lifecycle_to_json (d);
  g_autofree char *expected = json_to_string (tree, FALSE);
  g_autoptr(GString) written = g_string_new (NULL);

  gw_case_lifecycle_write (d, written);
  g_assert_cmpstr (written->str, ==, expected);
}

static void
write_made_up (const uint8_t *data,
               size_t         size)
{
  Input in = { data, data + size };
  g_auto(GwCaseData) d = { .id = g_strdup ("GW-1") };
  guint n;

  d.note = take_text (&in);
  d.closed_at = take_text (&in);
  d.reworks = take_byte (&in) * 257;
  d.extensions = take_byte (&in);
  d.returns = take_byte (&in);
  d.requested_deadline = take_text (&in);
  d.held_from = take_byte (&in) % GW_CASE_N_STATUSES;
  d.held_at = take_text (&in);
  n = take_byte (&in) % 4;
  for (guint i = 0; i < n; i++)
    gw_case_data_add_escalation (&d, take_escalation (&in));
  d.possible_duplicates = take_ids (&in);
  d.duplicate_of = take_text (&in);
  d.duplicate_from = take_byte (&in) % GW_CASE_N_STATUSES;
  d.duplicates = take_ids (&in);
  d.handled_by = take_text (&in);
  d.recategorised = take_byte (&in);
  d.reopened = take_byte (&in);
  d.visit_result = take_byte (&in) % (GW_VISIT_UNSATISFIED + 1);
  d.visit_note = take_text (&in);
  d.visit_at = take_text (&in);
  d.visit_by = take_text (&in);
  d.visit_kept_closed = take_text (&in);
  d.origin_endpoint = take_text (&in);
  d.origin_id = take_text (&in);
  d.origin_service = take_text (&in);
  d.location = take_byte (&in) % (GW_CASE_LOCATION_OUTSIDE + 1);
  assert_same_text (&d);
}

/* What the cache reads back from its column, written again. */
static void
write_read (const uint8_t *data,
            size_t         size)
{
  g_autofree char *text = gw_fuzz_strndup (data, size);
  g_auto(GwCaseData) d = { .id = g_strdup ("GW-1") };

  if (gw_case_lifecycle_from_text (&d, text, NULL))
    assert_same_text (&d);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  write_made_up (data, size);
  write_read (data, size);
  return 0;
}
