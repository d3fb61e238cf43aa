/* gw-app-test-util.h: what the tests of real windows share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gw-application.h"
#include "gw-test-util.h"
#include "gw-window.h"

G_BEGIN_DECLS

/* An application of its own for each window, on @url with @token. */
GwWindow *gw_app_test_open_window    (const char         *url,
                                      const char         *token,
                                      const char         *data_dir,
                                      GwApplication     **app_out);
GwWindow *gw_app_test_open_wall      (const char         *url,
                                      const char         *token,
                                      const char         *data_dir,
                                      GwApplication     **app_out);
void      gw_app_test_close_window   (GwWindow           *window,
                                      GwApplication      *app);
void      gw_app_test_wait_for_state (GwWindow           *window,
                                      GwConnectionState   state);
/* Until the frame clock of @widget has run @frames frames. */
void      gw_app_test_wait_frames    (GtkWidget          *widget,
                                      guint               frames);
/* Until @widget is mapped, then laid out and painted once more: what
 * changed before the call is on screen. */
void      gw_app_test_wait_drawn     (GtkWidget          *widget);
/* A test that sends real X events with xdotool: skipped, saying so,
 * where xdotool is not installed. */
void      gw_app_test_add_with_xdotool (const char       *path,
                                        GTestFunc         test);
/* Until the window's case model holds @n_cases cases. */
void      gw_app_test_wait_for_cases (GwWindow           *window,
                                      guint               n_cases);
/* For gw_test_wait_until() with a GwCaseQueue. */
gboolean  gw_app_test_has_cases      (gpointer            queue);

/* A real click (xdotool) where @lat, @lon is on the window's map, which
 * nothing may cover there. */
void      gw_app_test_click_map_at   (GwWindow           *window,
                                      double              lat,
                                      double              lon);

/* xdotool's @command (e.g. "key --clearmodifiers ctrl+a") into @window,
 * once it has the keyboard focus. */
void      gw_app_test_keys           (GtkWindow          *window,
                                      const char         *command);

/* POST @body to @path by @token, with a new Idempotency-Key; the test
 * stops, saying what came back, unless the answer is @expected. */
JsonNode *gw_app_test_post_json      (GwTestServer       *server,
                                      const char         *token,
                                      const char         *path,
                                      const char         *body,
                                      guint               expected);
/* A case reported with @body, taken in and filed at a desk: its id. */
char     *gw_app_test_post_filed_case (GwTestServer      *server,
                                       const char        *body);
/* Until case @id is in @status in the window, at the server's version
 * rather than an optimistic one of its own. */
void      gw_app_test_wait_for_case_state (GwWindow      *window,
                                           const char    *id,
                                           GwCaseStatus   status);

/* The assignment popover on the dispatch page while it is up, or NULL. */
GtkWidget *gw_app_test_assign_popover (GwWindow          *window);
/* For gw_test_wait_until() with a GwWindow: the assignment popover
 * offers somebody. */
gboolean  gw_app_test_suggestions_shown (gpointer         window);

/* The first mapped widget of @type at or under @widget. */
GtkWidget *gw_app_test_find_widget   (GtkWidget          *widget,
                                      GType               type);

G_END_DECLS
