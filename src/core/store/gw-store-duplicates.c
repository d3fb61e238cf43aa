/* gw-store-duplicates.c: the open cases that may report the same thing
 *
 * A resident who calls about a pile of rubbish is often not the first:
 * the open cases of the same category, or of its major class, reported
 * within 100 m and 3 days before (both a server option), nearest first.
 * The town server marks an arriving case with them; the app lists them
 * from its cache while a dispatcher fills in a new case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-geo.h"
#include "gw-store-duplicates.h"
#include "gw-store-private.h"

#define METRES_PER_DEGREE 111320.0

void
gw_duplicate_free (GwDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;
  g_free (duplicate->id);
  g_clear_object (&duplicate->kase);
  g_free (duplicate);
}

/* Category codes are a kind letter, two digits of major class and two
 * of minor ("E0401"): the same class is all but the minor digits. */
gboolean
gw_duplicate_same_class (const char *a,
                         const char *b)
{
  gsize la = a ? strlen (a) : 0, lb = b ? strlen (b) : 0;

  if (a == NULL || b == NULL)
    return a == NULL;
  if (g_str_equal (a, b))
    return TRUE;
  return la == lb && la > 2 && strncmp (a, b, la - 2) == 0;
}

/* Equally near ones by id, so that the same question gets the same list. */
static int
nearest_first (gconstpointer a,
               gconstpointer b)
{
  const GwDuplicate *da = *(GwDuplicate **) a, *db = *(GwDuplicate **) b;

  if (da->distance_m != db->distance_m)
    return da->distance_m < db->distance_m ? -1 : 1;
  return strcmp (da->id, db->id);
}

/* The candidates in the box, tested on the few columns the test needs:
 * a storm's reports pile up in one street, and decoding each of them
 * whole for every new report there made a report cost as much as
 * hundreds. */
static gboolean
find_near (GwStore                *self,
           const GwDuplicateQuery *q,
           GPtrArray              *found,
           GError                **error)
{
  g_autoptr(GDateTime) at = q->at ? g_date_time_ref (q->at) : g_date_time_new_now_utc ();
  double radius = q->radius_m > 0 ? q->radius_m : GW_DUPLICATE_RADIUS_M;
  double days = q->days > 0 ? q->days : GW_DUPLICATE_DAYS;
  double dlat = radius / METRES_PER_DEGREE;
  double dlon = radius / (METRES_PER_DEGREE * MAX (cos (q->lat * G_PI / 180), 0.01));
  gint64 until = g_date_time_to_unix (at);
  gint64 since = until - (gint64) (days * 86400);
  g_autoptr(GDateTime) rough = g_date_time_new_from_unix_utc (since - 86400);
  g_autofree char *rough_text = g_date_time_format (rough, "%Y-%m-%d");
  sqlite3_stmt *stmt;
  int rc;

  /* A box around the point and a day's margin on the report time, which
   * is text in whatever offset it came with; the exact test follows. The
   * box is what narrows: the town server indexes places (cases_place),
   * and the "+" keeps SQLite from scanning days of reports instead. */
  stmt = gw_store_prepare_cached (gw_store_get_db (self),
                                  "SELECT id, category, lat, lon, reported_at FROM cases"
                                  " WHERE +reported_at >= ?1 AND lat BETWEEN ?2 AND ?3 AND lon BETWEEN ?4 AND ?5"
                                  " AND status NOT IN ('closed', 'rejected')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rough_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 2, q->lat - dlat);
  sqlite3_bind_double (stmt, 3, q->lat + dlat);
  sqlite3_bind_double (stmt, 4, q->lon - dlon);
  sqlite3_bind_double (stmt, 5, q->lon + dlon);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = COL_TEXT (stmt, 0);
      gint64 reported = gw_case_time_to_unix (COL_TEXT (stmt, 4));
      double distance;
      GwDuplicate *duplicate;

      if (id == NULL || g_strcmp0 (id, q->exclude) == 0 || reported < since || reported > until ||
          (q->category && !gw_duplicate_same_class (q->category, COL_TEXT (stmt, 1))))
        continue;
      distance = gw_distance_meters (q->lon, q->lat, sqlite3_column_double (stmt, 3), sqlite3_column_double (stmt, 2));
      if (distance > radius)
        continue;
      duplicate = g_new0 (GwDuplicate, 1);
      duplicate->id = g_strdup (id);
      duplicate->distance_m = distance;
      g_ptr_array_add (found, duplicate);
    }
  gw_store_finish (stmt);
  if (rc != SQLITE_DONE)
    return gw_store_set_sqlite_error (gw_store_get_db (self), error, _("Cannot read the cases"));
  return TRUE;
}

GPtrArray *
gw_store_find_duplicates (GwStore                *self,
                          const GwDuplicateQuery *q,
                          GError                **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_duplicate_free);
  guint limit;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  gw_store_lock (self);
  if (!find_near (self, q, found, error))
    {
      gw_store_unlock (self);
      return NULL;
    }
  g_ptr_array_sort (found, nearest_first);
  limit = q->limit > 0 ? MIN (q->limit, found->len) : found->len;

  /* Only the nearest are read whole; one that cannot be read is left out. */
  for (guint i = 0; !q->ids_only && i < limit; )
    {
      GwDuplicate *duplicate = g_ptr_array_index (found, i);

      if ((duplicate->kase = gw_store_get_case (self, duplicate->id)))
        i++;
      else
        {
          g_ptr_array_remove_index (found, i);
          limit = MIN (limit, found->len);
        }
    }
  gw_store_unlock (self);

  g_ptr_array_set_size (found, limit);
  return g_steal_pointer (&found);
}
