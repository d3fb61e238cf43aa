/* test-media.c: case photos, uploaded, served, fetched and cached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gw-json.h"
#include "gw-media.h"
#include "gw-test-util.h"
#include "gw-cache-schema.h"

/* A 1×1 PNG: the smallest real photo. */
typedef struct
{
  gboolean done;
  GBytes *data;
  GError *error;
} Fetched;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetched *f = user_data;

  f->data = gw_media_fetch_finish (result, &f->error);
  f->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Fetched *) data)->done;
}

static void
fetch (GwTownClient *client,
       GwStore      *store,
       const char   *url,
       Fetched      *f)
{
  *f = (Fetched) { 0 };
  gw_media_fetch_async (client, store, url, NULL, on_fetched, f);
  g_assert_true (gw_test_wait_until (is_done, f, 10000));
}

static void
clear (Fetched *f)
{
  g_clear_pointer (&f->data, g_bytes_unref);
  g_clear_error (&f->error);
}

static void
test_upload_and_serve (void)
{
  g_autofree char *db = gw_test_tmp_path ("media-server.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autofree char *leader = gw_test_add_user (db, "lingdao", "leader");
  g_autofree char *url = NULL, *again = NULL, *full = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(GBytes) served = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autofree char *text = g_strdup ("not a photo at all");
  guint status = 0;

  url = gw_test_upload_photo (server->url, server->token, gw_test_tiny_png, sizeof gw_test_tiny_png, &status);
  g_assert_cmpuint (status, ==, 201);
  g_assert_nonnull (gw_media_id_from_url (url));
  /* The same bytes are the same photo. */
  again = gw_test_upload_photo (server->url, server->token, gw_test_tiny_png, sizeof gw_test_tiny_png, &status);
  g_assert_cmpstr (again, ==, url);

  full = g_strconcat (server->url, url, NULL);
  served = gw_test_http_get (full, server->token, NULL, &status, &etag);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (served, NULL), g_bytes_get_size (served), gw_test_tiny_png, sizeof gw_test_tiny_png);
  g_assert_nonnull (etag);

  /* Refusals: not an image, a reader's upload, no token, an unknown id. */
  g_assert_null (gw_test_upload_photo (server->url, server->token, text, strlen (text), &status));
  g_assert_cmpuint (status, ==, 415);
  g_assert_null (gw_test_upload_photo (server->url, leader, gw_test_tiny_png, sizeof gw_test_tiny_png, &status));
  g_assert_cmpuint (status, ==, 403);
  g_assert_null (gw_test_upload_photo (server->url, NULL, gw_test_tiny_png, sizeof gw_test_tiny_png, &status));
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&full, g_free);
  full = g_strconcat (server->url, GW_MEDIA_PATH, "0000000000000000000000000000000000000000000000000000000000000000", NULL);
  missing = gw_test_http_get (full, server->token, NULL, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_fetch_and_cache (void)
{
  g_autofree char *db = gw_test_tmp_path ("media-fetch-server.sqlite");
  g_autofree char *cache_db = gw_test_tmp_path ("media-cache.sqlite");
  g_autoptr(GwTestServer) server = gw_test_server_start (db, "--demo", NULL);
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(GwTownClient) client = gw_town_client_new (server->url, NULL);
  g_autofree char *url = NULL;
  Fetched f;
  guint status = 0;

  gw_town_client_set_token (client, server->token);
  url = gw_test_upload_photo (server->url, server->token, gw_test_tiny_png, sizeof gw_test_tiny_png, &status);
  g_assert_cmpuint (status, ==, 201);

  /* Not cached and no server: said so. */
  fetch (NULL, cache, url, &f);
  g_assert_null (f.data);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  clear (&f);

  /* From the server, then kept. */
  fetch (client, cache, url, &f);
  g_assert_no_error (f.error);
  g_assert_cmpmem (g_bytes_get_data (f.data, NULL), g_bytes_get_size (f.data), gw_test_tiny_png, sizeof gw_test_tiny_png);
  clear (&f);

  /* The server goes away; the photo still shows. */
  g_clear_pointer (&server, gw_test_server_stop);
  fetch (client, cache, url, &f);
  g_assert_no_error (f.error);
  g_assert_cmpuint (g_bytes_get_size (f.data), ==, sizeof gw_test_tiny_png);
  clear (&f);

  /* A URL that is not the town server's is never fetched. */
  fetch (client, cache, "http://192.0.2.1/photo.png", &f);
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  clear (&f);
}

static void
serve_other_photo (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  /* A hostile server: a valid PNG, but not the one asked for. */
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, (const char *) gw_test_tiny_png, sizeof gw_test_tiny_png);
}

static void
test_hostile_server (void)
{
  g_autofree char *cache_db = gw_test_tmp_path ("media-hostile.sqlite");
  g_autoptr(GwStore) cache = gw_cache_open (cache_db, NULL);
  g_autoptr(SoupServer) bad = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GwTownClient) client = NULL;
  const char *url = GW_MEDIA_PATH "1111111111111111111111111111111111111111111111111111111111111111";
  Fetched f;

  soup_server_add_handler (bad, NULL, serve_other_photo, NULL, NULL);
  g_assert_true (soup_server_listen_local (bad, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (bad);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  client = gw_town_client_new (base, NULL);

  fetch (client, cache, url, &f);
  g_assert_null (f.data);
  g_assert_nonnull (f.error);
  g_test_message ("%s", f.error->message);
  clear (&f);
  /* Nothing of it was kept. */
  g_assert_null (gw_store_get_media (cache, "1111111111111111111111111111111111111111111111111111111111111111", NULL));
}

int
main (int   argc,
      char *argv[])
{
  gw_test_init (&argc, &argv);

  g_test_add_func ("/media/upload-and-serve", test_upload_and_serve);
  g_test_add_func ("/media/fetch-and-cache", test_fetch_and_cache);
  g_test_add_func ("/media/hostile-server", test_hostile_server);

  return g_test_run ();
}
