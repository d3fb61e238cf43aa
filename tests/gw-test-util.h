/* gw-test-util.h: shared helpers for the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gw-case-rules.h"

G_BEGIN_DECLS

typedef struct
{
  GSubprocess *process;
  char *url;
  char *db_path;
  char *token;          /* a dispatcher's */
} GwTestServer;

void          gw_test_init           (int          *argc,
                                      char       ***argv);
char         *gw_test_realdata_path  (const char   *relative);
char         *gw_test_tmp_path       (const char   *name);
/* The first column of the first row @sql gives in the database at
 * @db_path, read on a connection of its own. */
gint64        gw_test_query_int      (const char   *db_path,
                                      const char   *sql);
GwTestServer *gw_test_server_start   (const char   *db_path,
                                      ...) G_GNUC_NULL_TERMINATED;
void          gw_test_server_stop    (GwTestServer *server);
int           gw_test_run_townd      (char        **out_stdout,
                                      char        **out_stderr,
                                      const char   *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
guint         gw_test_wait_scale     (void);
gboolean      gw_test_wait_until     (gboolean    (*condition) (gpointer),
                                      gpointer      data,
                                      guint         timeout_ms);
/* Like gw_test_wait_until(), but a condition that never comes fails the
 * test where it was waited for, saying what was awaited: "@what". */
#define gw_test_wait_for(condition, data, timeout_ms, what) \
  gw_test_wait_for_at (__FILE__, __LINE__, G_STRFUNC, (condition), (data), (timeout_ms), (what))
void          gw_test_wait_for_at    (const char   *file,
                                      int           line,
                                      const char   *func,
                                      gboolean    (*condition) (gpointer),
                                      gpointer      data,
                                      guint         timeout_ms,
                                      const char   *what);
/* Conditions for gw_test_wait_for(): the pointer at @data is set; the
 * gboolean at @data is TRUE. */
gboolean      gw_test_pointer_is_set (gpointer      data);
gboolean      gw_test_flag_is_set    (gpointer      data);
char         *gw_test_add_user       (const char   *db_path,
                                      const char   *name,
                                      const char   *role);
GBytes       *gw_test_http_get       (const char   *url,
                                      const char   *token,
                                      const char   *if_none_match,
                                      guint        *status,
                                      char        **etag);
JsonNode     *gw_test_json_from_bytes (GBytes      *bytes);
guint         gw_test_count_files    (const char   *dir);
/* @grids are those of tests/data/five-level-grids.geojson, by level. */
void          gw_test_assert_five_levels (GPtrArray *grids);
GBytes       *gw_test_http_send      (const char   *method,
                                      const char   *url,
                                      const char   *token,
                                      const char   *body,
                                      guint        *status);
/* POST with a new Idempotency-Key, as case actions want. */
GBytes       *gw_test_http_post_once (const char   *url,
                                      const char   *token,
                                      const char   *body,
                                      guint        *status);

/* The smallest PNG: one pixel. */
extern const guint8 gw_test_tiny_png[69];

/* POST /api/v1/media: the photo's address, or NULL and the status. */
char         *gw_test_upload_photo   (const char  *server_url,
                                      const char  *token,
                                      const void  *data,
                                      gsize        size,
                                      guint       *status);

/* A JSON object from text that must parse. */
JsonObject *gw_test_json_object (const char          *json);
/* The case after @action, which must be allowed. */
GwCase     *gw_test_apply_ok    (GwCase              *kase,
                                 GwRole               role,
                                 const char          *action,
                                 const char          *params,
                                 const GwCaseContext *context);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwTestServer, gw_test_server_stop)

G_END_DECLS
