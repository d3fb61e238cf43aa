/* test-reference-data.c: the town's reference data, in memory, following the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gw-cache-schema.h"
#include "gw-reference-data.h"
#include "gw-reference-pull.h"
#include "gw-server-schema.h"
#include "gw-session.h"
#include "gw-test-util.h"

static gboolean
has_grids (gpointer data)
{
  return gw_reference_data_get_grids (data)->len > 0;
}

static gboolean
is_loaded (gpointer data)
{
  return gw_reference_data_is_loaded (data);
}

static void
on_changed (GwReferenceData *reference,
            guint           *changes)
{
  ++*changes;
}

/* What the cache holds, once read, is looked up by code without the cache. */
static void
test_loads (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autoptr(GwSession) session = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GwReferenceData) reference = NULL;
  GwCategory *category;
  guint changes = 0;

  gw_town_client_set_token (client, server->token);
  session = gw_session_new (cache, client);
  gw_session_start (session);
  gw_test_wait_for (has_grids, gw_session_get_reference_data (session), 30000, "the session's reference data");
  gw_session_stop (session);

  /* A fresh one on the same cache reads it all at once. */
  reference = gw_reference_data_new (cache);
  g_signal_connect (reference, "changed", G_CALLBACK (on_changed), &changes);
  g_assert_false (gw_reference_data_is_loaded (reference));
  g_assert_cmpuint (gw_reference_data_get_grids (reference)->len, ==, 0);
  gw_test_wait_for (is_loaded, reference, 20000, "the reference data to load");
  g_assert_cmpuint (changes, ==, 1);

  grids = gw_store_list_grids (cache, NULL);
  departments = gw_store_list_departments (cache, NULL);
  categories = gw_store_list_categories (cache, NULL);
  workers = gw_store_list_workers (cache, NULL);
  g_assert_cmpuint (grids->len, >, 300);
  g_assert_cmpuint (gw_reference_data_get_grids (reference)->len, ==, grids->len);
  g_assert_cmpuint (gw_reference_data_get_departments (reference)->len, ==, departments->len);
  g_assert_cmpuint (gw_reference_data_get_categories (reference)->len, ==, categories->len);
  g_assert_cmpuint (gw_reference_data_get_workers (reference)->len, ==, workers->len);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      GwGrid *found = gw_reference_data_lookup_grid (reference, gw_grid_get_code (grid));

      g_assert_nonnull (found);
      g_assert_cmpstr (gw_grid_get_name (found), ==, gw_grid_get_name (grid));
    }
  for (guint i = 0; i < workers->len; i++)
    {
      GwWorker *worker = g_ptr_array_index (workers, i);
      GwWorker *found = gw_reference_data_lookup_worker (reference, gw_worker_get_id (worker));

      g_assert_cmpstr (gw_worker_get_name (found), ==, gw_worker_get_name (worker));
    }
  category = gw_reference_data_lookup_category (reference, gw_category_get_code (g_ptr_array_index (categories, 0)));
  g_assert_nonnull (category);
  g_assert_nonnull (gw_reference_data_lookup_department (reference, gw_category_get_info (category)->department));
  g_assert_null (gw_reference_data_lookup_grid (reference, "no-such-grid"));
  g_assert_null (gw_reference_data_lookup_department (reference, NULL));

  /* Names by code, the towns and which town each grid lies in. */
  g_assert_cmpstr (gw_reference_data_get_grid_name (reference, gw_grid_get_code (g_ptr_array_index (grids, 0))), ==,
                   gw_grid_get_name (g_ptr_array_index (grids, 0)));
  g_assert_null (gw_reference_data_get_grid_name (reference, "no-such-grid"));
  g_assert_nonnull (gw_reference_data_get_category_name (reference, gw_category_get_code (category)));
  g_assert_null (gw_reference_data_get_category_name (reference, NULL));
  g_assert_cmpuint (gw_reference_data_get_towns (reference)->len, >, 0);
  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char *town = g_hash_table_lookup (gw_reference_data_get_town_of (reference), gw_grid_get_code (grid));

      if (gw_grid_get_level (grid) < GW_GRID_LEVEL_TOWN)
        continue;
      g_assert_nonnull (town);
      g_assert_true (g_ptr_array_find (gw_reference_data_get_towns (reference),
                                       gw_reference_data_lookup_grid (reference, town), NULL));
    }
  /* The demo server's whistle list, as pulled into the cache. */
  g_assert_cmpuint (gw_whistle_list_get_n_items (gw_reference_data_get_whistle_list (reference)), ==,
                    gw_whistle_list_get_n_items (gw_whistle_list_get_built_in ()));
  g_assert_nonnull (gw_whistle_list_lookup (gw_reference_data_get_whistle_list (reference), "W1-01"));
}

static gboolean
is_online (gpointer data)
{
  return gw_session_get_state (data) == GW_CONNECTION_ONLINE;
}

typedef struct
{
  GwReferenceData *reference;
  const char *id;
  const char *name;
} NameWait;

static gboolean
department_named (gpointer data)
{
  NameWait *w = data;
  GwDepartment *department = gw_reference_data_lookup_department (w->reference, w->id);

  return department && g_strcmp0 (gw_department_get_name (department), w->name) == 0;
}

/* The server renames a department: the session's pull reads it again, and
 * the same object says so. */
static void
test_follows_the_server (void)
{
  g_autofree char *server_db = gw_test_tmp_path ("server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (server_db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  g_autoptr(GwSession) session = NULL;
  g_autofree char *id = NULL;
  GwReferenceData *reference;
  guint changes = 0;

  gw_town_client_set_token (client, server->token);
  session = gw_session_new (cache, client);
  reference = gw_session_get_reference_data (session);
  gw_session_start (session);
  gw_test_wait_for (has_grids, reference, 30000, "the session's reference data");
  gw_test_wait_for (is_online, session, 30000, "the session to be live");
  g_assert_cmpuint (gw_reference_data_get_departments (reference)->len, >, 0);
  id = g_strdup (gw_department_get_id (g_ptr_array_index (gw_reference_data_get_departments (reference), 0)));
  g_signal_connect (reference, "changed", G_CALLBACK (on_changed), &changes);

  /* Renamed in the server's database while it is down, then served again
   * on the same address. */
  g_clear_pointer (&server, gw_test_server_stop);
  {
    g_autoptr(GwStore) truth = gw_server_store_open (server_db, NULL);
    g_autoptr(GPtrArray) departments = gw_store_list_departments (truth, NULL);
    g_autoptr(GPtrArray) renamed = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < departments->len; i++)
      {
        g_autoptr(JsonNode) node = gw_department_to_json (g_ptr_array_index (departments, i));

        if (g_strcmp0 (gw_department_get_id (g_ptr_array_index (departments, i)), id) == 0)
          json_object_set_string_member (json_node_get_object (node), "name", "城管执法局（新）");
        g_ptr_array_add (renamed, gw_department_new_from_json (node, &error));
        g_assert_no_error (error);
      }
    g_assert_true (gw_store_replace_departments (truth, renamed, &error));
    g_assert_no_error (error);
  }
  server = gw_test_server_start (server_db, "--listen", listen, NULL);
  /* Starting the server made its dispatcher a new token. */
  gw_town_client_set_token (client, server->token);

  gw_session_refresh (session);
  {
    NameWait w = { reference, id, "城管执法局（新）" };

    gw_test_wait_for (department_named, &w, 30000, "the renamed department");
  }
  g_assert_cmpuint (changes, >, 0);
  gw_session_stop (session);
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/reference-data/loads", test_loads);
  g_test_add_func ("/reference-data/follows-the-server", test_follows_the_server);

  return g_test_run ();
}
