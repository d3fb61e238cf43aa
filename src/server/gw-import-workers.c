/* gw-import-workers.c: the roster of grid workers, and the grids they
 * look after
 *
 * A worker's row names their grids; the grids' staff (leader first, then
 * workers) is made from the roster as it is after the import, so a grid
 * that loses or gains a worker is written, and goes to the change feed,
 * with the roster.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-kinds.h"
#include "gw-json.h"

static const GwCellChoice duties[] = {
  { "safety", "安全", "safety" },
  { "environment", "环境", "environment" },
  { "petitions", "信访", "petitions" },
  { "public_security", "治安", "public_security" },
  { "sanitation", "环卫", "sanitation" },
  { NULL }
};

static const GwCellChoice roles[] = {
  { "worker", "网格员", "worker" },
  { "leader", "网格长", "grid_leader" },
  { NULL }
};

static const GwImportColumn worker_columns[] = {
  { "id", "工号", "id", GW_CELL_CODE, TRUE, NULL, "w0001" },
  { "name", "姓名", "name", GW_CELL_TEXT, TRUE, NULL, "张伟" },
  { "phone", "手机", "phone", GW_CELL_PHONE, FALSE, NULL, "13900000001" },
  { "grids", "网格编码", "grids", GW_CELL_CODES, TRUE, NULL, "370883001001001" },
  { "full_time", "专职", "full_time", GW_CELL_YES_NO, FALSE, NULL, "是" },
  { "duties", "职责", "duties", GW_CELL_CHOICES, FALSE, duties, "安全;环境" },
  { "role", "角色", "role", GW_CELL_CHOICE, FALSE, roles, "网格员" },
  { NULL }
};

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The worker's JSON with their grids (sorted) and role: what an import
 * compares and the feed carries. */
static GwImportItem *
worker_item (GwWorker   *worker,
             GPtrArray  *grids,
             const char *role)
{
  g_autoptr(JsonNode) json = gw_worker_to_json (worker);
  JsonObject *obj = json_node_get_object (json);
  JsonArray *array = json_array_new ();

  g_ptr_array_sort (grids, compare_strings);
  for (guint i = 0; i < grids->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (grids, i));
  json_object_set_array_member (obj, "grids", array);
  json_object_set_string_member (obj, "role", role);
  return gw_import_item_new (gw_worker_get_id (worker), gw_worker_get_name (worker), json, g_object_ref (worker));
}

typedef struct
{
  GPtrArray *grids;
  gboolean leader;
} Staffing;

static void
staffing_free (Staffing *staffing)
{
  g_ptr_array_unref (staffing->grids);
  g_free (staffing);
}

static Staffing *
staffing_of (GHashTable *staffing,
             const char *worker)
{
  Staffing *s = g_hash_table_lookup (staffing, worker);

  if (s == NULL)
    {
      s = g_new0 (Staffing, 1);
      s->grids = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (staffing, g_strdup (worker), s);
    }
  return s;
}

static GPtrArray *
list_workers (GwImportRun  *run,
              GError      **error)
{
  g_autoptr(GPtrArray) workers = gw_store_list_workers (run->store, error);
  g_autoptr(GHashTable) staffing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) staffing_free);
  GHashTableIter iter;
  gpointer value;
  GPtrArray *items;

  if (workers == NULL)
    return NULL;
  gw_import_run_lookup_grid (run, NULL);
  g_hash_table_iter_init (&iter, run->grids);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *leader = gw_grid_get_leader (value);
      const char * const *staff = gw_grid_get_workers (value);

      if (leader)
        {
          Staffing *s = staffing_of (staffing, leader);

          s->leader = TRUE;
          g_ptr_array_add (s->grids, g_strdup (gw_grid_get_code (value)));
        }
      for (guint i = 0; staff && staff[i]; i++)
        g_ptr_array_add (staffing_of (staffing, staff[i])->grids, g_strdup (gw_grid_get_code (value)));
    }

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_import_item_free);
  for (guint i = 0; i < workers->len; i++)
    {
      GwWorker *worker = g_ptr_array_index (workers, i);
      Staffing *s = staffing_of (staffing, gw_worker_get_id (worker));

      g_ptr_array_add (items, worker_item (worker, s->grids, s->leader ? "leader" : "worker"));
    }
  return items;
}

static GwImportItem *
build_worker (GwImportRun *run,
              GwImportRow *row)
{
  JsonObject *obj = row->object;
  g_auto(GStrv) codes = gw_json_object_dup_strv (obj, "grids");
  g_auto(GStrv) worker_duties = gw_json_object_dup_strv (obj, "duties");
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GwWorker) worker = NULL;
  gboolean found = TRUE;

  for (guint i = 0; codes && codes[i]; i++)
    {
      if (!gw_import_run_lookup_grid (run, codes[i]))
        {
          gw_import_report_error (run->report, row->number, gw_import_sheet_header (run->sheet, "grids"),
                                  _("no grid has the code “%s”; import the grids first"), codes[i]);
          found = FALSE;
        }
      else if (!g_ptr_array_find_with_equal_func (grids, codes[i], g_str_equal, NULL))
        g_ptr_array_add (grids, g_strdup (codes[i]));
    }
  if (!found)
    return NULL;

  worker = gw_worker_new (gw_json_object_get_string (obj, "id"), gw_json_object_get_string (obj, "name"),
                          gw_json_object_get_string (obj, "phone"),
                          gw_json_object_get_bool (obj, "full_time", TRUE),
                          (const char * const *) worker_duties);
  return worker_item (worker, grids, gw_json_object_get_string (obj, "role") ?: "worker");
}

/* Each grid's staff as the roster makes it: code → GStrv, leader first
 * ("" when none). */
static GHashTable *
staff_of_grids (GPtrArray *items)
{
  GHashTable *staff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < items->len; i++)
    {
      GwImportItem *item = g_ptr_array_index (items, i);
      g_autoptr(JsonNode) json = json_from_string (item->json, NULL);
      JsonObject *obj = json_node_get_object (json);
      g_auto(GStrv) codes = gw_json_object_dup_strv (obj, "grids");
      gboolean leader = g_strcmp0 (gw_json_object_get_string (obj, "role"), "leader") == 0;

      for (guint k = 0; codes && codes[k]; k++)
        {
          GPtrArray *list = g_hash_table_lookup (staff, codes[k]);

          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (list, NULL);    /* the leader's place */
              g_hash_table_insert (staff, g_strdup (codes[k]), list);
            }
          if (!leader)
            g_ptr_array_add (list, g_strdup (item->key));
          else if (list->pdata[0] == NULL)
            list->pdata[0] = g_strdup (item->key);
          else
            g_ptr_array_add (list, g_strconcat ("!", item->key, NULL));  /* a second leader */
        }
    }
  return staff;
}

static void
check_workers (GwImportRun *run,
               GPtrArray   *items)
{
  g_autoptr(GHashTable) staff = staff_of_grids (items);
  GHashTableIter iter;
  gpointer code, value;

  g_hash_table_iter_init (&iter, staff);
  while (g_hash_table_iter_next (&iter, &code, &value))
    {
      GPtrArray *list = value;

      for (guint i = 1; i < list->len; i++)
        if (((char *) g_ptr_array_index (list, i))[0] == '!')
          gw_import_report_error (run->report, 0, NULL, _("grid %s %s would have two leaders: %s and %s"),
                                  (char *) code, gw_grid_get_name (gw_import_run_lookup_grid (run, code)),
                                  (char *) list->pdata[0], (char *) list->pdata[i] + 1);
    }
}

static void
worker_refers (GwImportRun  *run,
               GwImportItem *item,
               GPtrArray    *names)
{
  gw_import_run_add_case_references (run, GW_REFERENCE_WORKER, item->key, names);
}

static gboolean
same_staff (GwGrid    *grid,
            GPtrArray *list)
{
  const char * const *workers = gw_grid_get_workers (grid);
  guint n = workers ? g_strv_length ((char **) workers) : 0;

  if (list == NULL)
    return gw_grid_get_leader (grid) == NULL && n == 0;
  if (g_strcmp0 (gw_grid_get_leader (grid), list->pdata[0]) != 0 || n != list->len - 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (workers[i], list->pdata[i + 1]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
write_workers (GwImportRun  *run,
               GPtrArray    *items,
               GError      **error)
{
  g_autoptr(GPtrArray) workers = g_ptr_array_new ();
  g_autoptr(GHashTable) staff = staff_of_grids (items);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (workers, ((GwImportItem *) g_ptr_array_index (items, i))->object);
  if (!gw_store_replace_workers (run->store, workers, error))
    return FALSE;

  gw_import_run_lookup_grid (run, NULL);
  g_hash_table_iter_init (&iter, run->grids);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GwGrid *grid = value;
      GPtrArray *list = g_hash_table_lookup (staff, gw_grid_get_code (grid));
      GwGrid *copy;

      if (same_staff (grid, list))
        continue;
      copy = gw_grid_new (gw_grid_get_code (grid), gw_grid_get_name (grid), gw_grid_get_level (grid),
                          gw_grid_get_parent_code (grid), gw_grid_get_geometry (grid));
      if (list)
        {
          g_ptr_array_add (list, NULL);
          gw_grid_set_staff (copy, list->pdata[0], (const char * const *) list->pdata + 1);
        }
      g_ptr_array_add (changed, copy);
    }
  return changed->len == 0 || gw_store_import_grids (run->store, changed, error);
}

const GwImportKind gw_import_workers = {
  "workers", "worker", worker_columns,
  list_workers, build_worker, check_workers, worker_refers, write_workers,
};
