/* gw-open311-requests.c: cases as Open311 service requests
 *
 * What leaves is what a resident may see on a city's public tracker:
 * the status (open or closed), the category, the description, where,
 * when, the department responsible, the deadline, and the outcome once
 * the case is over. Who called, who works on it and the notes of the
 * work in between stay in the county.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-open311"

#include "config.h"

#include <string.h>

#include "gw-field.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-town-server-private.h"

#define MAX_PAGE_SIZE 1000
#define MAX_IDS 1000
#define MAX_KEY_LENGTH 200

/* Names looked up once per answer, not once per case. */
typedef struct
{
  GHashTable *categories;   /* code → GwCategory */
  GHashTable *departments;  /* id → GwDepartment */
  GHashTable *grids;        /* code → GwGrid, filled as cases name them */
} Names;

static void
names_clear (Names *names)
{
  g_clear_pointer (&names->categories, g_hash_table_unref);
  g_clear_pointer (&names->departments, g_hash_table_unref);
  g_clear_pointer (&names->grids, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Names, names_clear)

static GHashTable *
index_by (GPtrArray   *items,
          const char *(*key) (gpointer))
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  for (guint i = 0; items && i < items->len; i++)
    g_hash_table_insert (table, (gpointer) key (g_ptr_array_index (items, i)), g_object_ref (g_ptr_array_index (items, i)));
  return table;
}

static gboolean
names_load (Names            *names,
            GwOpen311Reader  *reader,
            GError          **error)
{
  GwStore *store = reader->server->store;
  g_autoptr(GPtrArray) categories = gw_store_list_categories (store, error);
  g_autoptr(GPtrArray) departments = categories ? gw_store_list_departments (store, error) : NULL;

  if (departments == NULL)
    return FALSE;
  names->categories = index_by (categories, (gpointer) gw_category_get_code);
  names->departments = index_by (departments, (gpointer) gw_department_get_id);
  names->grids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return TRUE;
}

static const char *
grid_name (Names      *names,
           GwStore    *store,
           const char *code)
{
  GwGrid *grid;

  if (code == NULL)
    return NULL;
  if (!(grid = g_hash_table_lookup (names->grids, code)) && (grid = gw_store_lookup_grid (store, code)))
    g_hash_table_insert (names->grids, g_strdup (code), grid);
  return grid ? gw_grid_get_name (grid) : NULL;
}

static void
add_double (JsonBuilder *b,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, value);
}

static void
add_record (JsonBuilder     *b,
            GwCase          *kase,
            Names           *names,
            GwOpen311Reader *reader)
{
  const GwCaseData *d = gw_case_get_data (kase);
  GwCategory *category = d->category ? g_hash_table_lookup (names->categories, d->category) : NULL;
  const GwCategoryInfo *info = category ? gw_category_get_info (category) : NULL;
  GwDepartment *department = info && info->department ? g_hash_table_lookup (names->departments, info->department) : NULL;
  gboolean open = gw_case_status_is_open (d->status);

  json_builder_begin_object (b);
  gw_json_builder_add_string (b, "service_request_id", d->id);
  gw_json_builder_add_string (b, "status", open ? "open" : "closed");
  /* The outcome is public once the case is over; notes on the way are
   * the work's own. */
  gw_json_builder_add_string (b, "status_notes", open ? NULL : d->note);
  gw_json_builder_add_string (b, "service_name", !info ? NULL : reader->english && info->name_en ? info->name_en : info->name);
  gw_json_builder_add_string (b, "service_code", d->category);
  gw_json_builder_add_string (b, "description", d->description);
  gw_json_builder_add_string (b, "agency_responsible",
                              !department ? NULL :
                              reader->english && gw_department_get_name_en (department) ? gw_department_get_name_en (department)
                                                                                        : gw_department_get_name (department));
  gw_json_builder_add_string (b, "requested_datetime", d->reported_at);
  gw_json_builder_add_string (b, "updated_datetime", d->updated_at);
  gw_json_builder_add_string (b, "expected_datetime", d->deadline);
  gw_json_builder_add_string (b, "address", grid_name (names, reader->server->store, d->grid));
  /* A case whose place is unknown has a stand-in point: none is said. */
  if (d->location != GW_CASE_LOCATION_UNKNOWN)
    {
      add_double (b, "lat", d->lat);
      add_double (b, "long", d->lon);
    }
  gw_json_builder_add_string (b, "media_url", d->media && d->media[0] ? d->media[0] : NULL);
  json_builder_end_object (b);
}

static void
send_storage_error (GwOpen311Reader   *reader,
                    SoupServerMessage *msg,
                    const GError      *error)
{
  g_warning ("Storage error: %s", error->message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "30");
  gw_open311_send_error (msg, reader->format, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         "The database is not available; try again later");
}

/* One of a comma-separated list, or any when there is no list. */
static gboolean
listed (GStrv       list,
        const char *value)
{
  return list == NULL || (value && g_strv_contains ((const char * const *) list, value));
}

typedef struct
{
  GStrv ids;
  GStrv codes;
  GStrv statuses;
  gint64 start;             /* Unix times; 0: unbounded */
  gint64 end;
  char *updated_after;      /* RFC 3339, as the store compares */
  guint64 page;
  guint64 page_size;
} Filter;

static void
filter_clear (Filter *f)
{
  g_clear_pointer (&f->ids, g_strfreev);
  g_clear_pointer (&f->codes, g_strfreev);
  g_clear_pointer (&f->statuses, g_strfreev);
  g_clear_pointer (&f->updated_after, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Filter, filter_clear)

static GStrv
read_list (GHashTable  *query,
           const char  *name,
           GError     **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  g_auto(GStrv) items = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  items = g_strsplit (text, ",", MAX_IDS + 1);
  if (g_strv_length (items) > MAX_IDS)
    return gw_json_fail (error, "“%s” lists more than %d values", name, MAX_IDS);
  for (guint i = 0; items[i]; i++)
    {
      g_strstrip (items[i]);
      if (!gw_text_check (items[i], -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, name, error))
        return NULL;
    }
  return g_steal_pointer (&items);
}

static gboolean
read_time (GHashTable  *query,
           const char  *name,
           GDateTime  **time,
           GError     **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  *time = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (strlen (text) > 64 || !(*time = g_date_time_new_from_iso8601 (text, NULL)))
    return gw_json_fail (error, "“%s” must be a W3C time with a zone, such as 2026-03-01T09:30:00+08:00", name), FALSE;
  return TRUE;
}

static gboolean
read_number (GHashTable  *query,
             const char  *name,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;

  if (text && *text && !g_ascii_string_to_unsigned (text, 10, 1, max, value, NULL))
    return gw_json_fail (error, "“%s” must be a whole number from 1 to %" G_GUINT64_FORMAT, name, max), FALSE;
  return TRUE;
}

static gboolean
read_filter (GHashTable  *query,
             GTimeZone   *zone,
             Filter      *f,
             GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) after = NULL;
  GError *local = NULL;

  f->page = 1;
  f->page_size = MAX_PAGE_SIZE;
  f->ids = read_list (query, "service_request_id", &local);
  if (!local)
    f->codes = read_list (query, "service_code", &local);
  if (!local)
    f->statuses = read_list (query, "status", &local);
  if (local)
    return g_propagate_error (error, local), FALSE;
  for (guint i = 0; f->statuses && f->statuses[i]; i++)
    if (!g_str_equal (f->statuses[i], "open") && !g_str_equal (f->statuses[i], "closed"))
      return gw_json_fail (error, "“status” is open, closed or both"), FALSE;
  if (!read_time (query, "start_date", &start, error) || !read_time (query, "end_date", &end, error) ||
      !read_time (query, "updated_after", &after, error) ||
      !read_number (query, "page", G_MAXINT32, &f->page, error) ||
      !read_number (query, "page_size", MAX_PAGE_SIZE, &f->page_size, error))
    return FALSE;
  f->start = start ? g_date_time_to_unix (start) : 0;
  f->end = end ? g_date_time_to_unix (end) : 0;
  /* The store compares times as text, in the county's offset. */
  if (after)
    {
      g_autoptr(GDateTime) here = g_date_time_to_timezone (after, zone);

      f->updated_after = gw_format_rfc3339 (here);
    }
  return TRUE;
}

static char *
strv_json (GStrv codes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; codes[i]; i++)
    json_builder_add_string_value (b, codes[i]);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The cases asked for, an intake account's own only: by id when ids are
 * given (the spec: they override every other filter), else the filtered
 * list; one page either way, chosen by SQL, so that a large county's list
 * is never read whole for one request. */
static GPtrArray *
select_cases (GwOpen311Reader  *reader,
              const Filter     *f,
              GError          **error)
{
  g_autofree char *ids = f->ids ? strv_json (f->ids) : NULL;
  g_autofree char *codes = f->codes ? strv_json (f->codes) : NULL;
  gboolean open = listed (f->statuses, "open"), closed = listed (f->statuses, "closed");
  GwCaseQuery q = {
    .created_by = reader->role == GW_ROLE_INTAKE ? reader->user : NULL,
    .ids = ids,
    .limit = f->page_size,
    .offset = (gint64) (f->page - 1) * (gint64) f->page_size,
  };

  if (ids == NULL)
    {
      q.since = f->updated_after;
      q.categories = codes;
      q.open = open == closed ? GW_CASE_QUERY_OPEN_OR_CLOSED : open ? GW_CASE_QUERY_OPEN_ONLY : GW_CASE_QUERY_CLOSED_ONLY;
      q.reported_from = f->start;
      q.reported_to = f->end;
    }
  return gw_store_list_cases (reader->server->store, &q, error);
}

static void
send_records (GwOpen311Reader   *reader,
              SoupServerMessage *msg,
              Names             *names,
              GPtrArray         *cases,
              guint              from,
              guint              to)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint i = from; i < to && i < cases->len; i++)
    add_record (b, g_ptr_array_index (cases, i), names, reader);
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  gw_open311_send (msg, reader->format, SOUP_STATUS_OK, "service_requests", root);
}

void
gw_open311_get_requests (GwOpen311Reader   *reader,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  g_auto(Filter) f = { 0 };
  g_auto(Names) names = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  if (!gw_open311_authenticate (reader, msg, query ? g_hash_table_lookup (query, "api_key") : NULL))
    return;
  if (!read_filter (query, gw_work_calendar_get_timezone (reader->server->calendar), &f, &error))
    {
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }
  if (!names_load (&names, reader, &error) || !(cases = select_cases (reader, &f, &error)))
    {
      send_storage_error (reader, msg, error);
      return;
    }
  send_records (reader, msg, &names, cases, 0, cases->len);
}

void
gw_open311_get_request (GwOpen311Reader   *reader,
                        SoupServerMessage *msg,
                        GHashTable        *query,
                        const char        *id)
{
  char *one[] = { (char *) id, NULL };
  g_autofree char *ids = strv_json (one);
  GwCaseQuery q = { .ids = ids, .limit = 1 };
  g_auto(Names) names = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;

  if (!gw_open311_authenticate (reader, msg, query ? g_hash_table_lookup (query, "api_key") : NULL))
    return;
  q.created_by = reader->role == GW_ROLE_INTAKE ? reader->user : NULL;
  if (!names_load (&names, reader, &error) || !(cases = gw_store_list_cases (reader->server->store, &q, &error)))
    {
      send_storage_error (reader, msg, error);
      return;
    }
  /* Another account's case is as absent as one that never was. */
  if (cases->len == 0)
    {
      gw_open311_send_error (msg, reader->format, SOUP_STATUS_NOT_FOUND, "There is no such service_request_id");
      return;
    }
  send_records (reader, msg, &names, cases, 0, 1);
}
