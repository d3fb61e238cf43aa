/* fuzz-open311-post.c: a form-encoded Open311 POST, as the town server reads it
 *
 * The body is decoded as libsoup decodes every form, read by the very
 * function the /open311/v2/requests handler calls, and what it makes is
 * offered to the server's one reader of new cases as an intake account,
 * in a real store with the demo county. Whatever a client sends, the
 * answer is a refusal with a readable message or a case that reads back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>

#include "gw-demo-dataset.h"
#include "gw-fuzz.h"
#include "gw-json.h"
#include "gw-open311.h"
#include "gw-server-schema.h"

static GwTownServer *
town (void)
{
  static GwTownServer *server;
  g_autoptr(GwStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (server)
    return server;
  if (!(store = gw_server_store_open (":memory:", &error)) || !gw_demo_dataset_load (store, NULL, &error))
    g_error ("%s", error->message);
  server = gw_town_server_new (store);
  return server;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = gw_fuzz_strndup (data, size);
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *obj;
  guint status;

  if (!(body = gw_open311_read_post (form, &error)))
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_cmpstr (json_object_get_string_member (body, "source"), ==, "open311");

  status = gw_town_server_create_case (town (), "fuzz-intake", GW_ROLE_INTAKE, body, NULL, &answer);
  obj = gw_json_node_get_object (answer);
  g_assert_nonnull (obj);
  if (status == 201)
    {
      g_autoptr(GwCase) kase = gw_case_new_from_json (answer, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gw_case_get_data (kase)->source, ==, GW_CASE_SOURCE_OPEN311);
    }
  else
    g_assert_true (status == 400 || status == 422);
  return 0;
}
