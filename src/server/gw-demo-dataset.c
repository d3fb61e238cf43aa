/* gw-demo-dataset.c: the generated Zoucheng demo county
 *
 * The county is written at build time by demo/generate-demo-dataset.py
 * as the files a real county imports (grids as GeoJSON; departments,
 * categories and the roster as CSV in the encodings counties send) and
 * compiled into the binary, so --demo works from any directory. It is
 * loaded through the same readers and importers as a county's own files,
 * so the demo proves that path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-demo-dataset"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gridwatch-townd-resources.h"
#include "gw-csv.h"
#include "gw-demo-dataset.h"
#include "gw-error.h"
#include "gw-geojson.h"
#include "gw-import-plan.h"

#define RESOURCE_PREFIX "/org/gridwatch/townd/"

static GBytes *
lookup (const char  *name,
        GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);

  return g_resource_lookup_data (gw_townd_get_resource (), path, 0, error);
}

/* One list through the importer, as --import reads it; its first error
 * (there should be none) fails the load. */
static gboolean
import_list (GwStore     *store,
             const char  *kind_name,
             const char  *file,
             GError     **error)
{
  const GwImportKind *kind = gw_import_kind_lookup (kind_name);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GwImportPlan) plan = NULL;

  if (!(bytes = lookup (file, error)) ||
      !(cells = gw_csv_parse (bytes, NULL, error)) ||
      !(plan = gw_import_plan_new (store, kind, cells, TRUE, error)))
    return FALSE;
  if (plan->report.errors->len > 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, "%s: %s", file,
                   (const char *) g_ptr_array_index (plan->report.errors, 0));
      return FALSE;
    }
  return gw_import_plan_write (plan, error);
}

gboolean
gw_demo_dataset_load (GwStore  *store,
                      guint    *n_grids,
                      GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_auto(GStrv) warnings = NULL;
  GwGeojsonOptions options = GW_GEOJSON_OPTIONS_INIT;

  if (!(bytes = lookup ("demo-grids.geojson", error)) ||
      !(grids = gw_geojson_read_grids (bytes, &options, &warnings, error)) ||
      !gw_store_import_grids (store, grids, error))
    return FALSE;

  /* In the order a county imports them: each refers to the ones before. */
  if (!import_list (store, "departments", "demo-departments.csv", error) ||
      !import_list (store, "categories", "demo-categories.csv", error) ||
      !import_list (store, "workers", "demo-workers.csv", error))
    return FALSE;

  if (n_grids)
    *n_grids = grids->len;
  return TRUE;
}
