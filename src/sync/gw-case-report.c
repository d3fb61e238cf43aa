/* gw-case-report.c: a new case from the desk, into the outbox in a thread
 *
 * The New Case form hands its report here. It is checked and queued by
 * gw_outbox_report_case() in a thread (the main thread never waits for
 * SQLite), then the session counts it and, online, sends it at once;
 * offline it waits in the outbox and goes, once, when the server is back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-report"

#include "config.h"

#include "gw-case-report.h"
#include "gw-outbox-report.h"
#include "gw-store-outbox.h"

typedef struct
{
  JsonObject *report;
  GPtrArray *photos;
  guint queued;
} Report;

static void
report_free (Report *r)
{
  json_object_unref (r->report);
  g_clear_pointer (&r->photos, g_ptr_array_unref);
  g_free (r);
}

static void
report_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GwStore *store = gw_session_get_store (source_object);
  Report *r = task_data;
  GError *error = NULL;
  char *id = gw_outbox_report_case (store, r->report, r->photos, &error);

  if (id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  r->queued = gw_store_count_outbox (store);
  g_task_return_pointer (task, id, g_free);
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Report *r = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  char *id = g_task_propagate_pointer (G_TASK (result), &error);

  if (id == NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  gw_session_outbox_changed (GW_SESSION (object), r->queued);
  g_task_return_pointer (outer, id, g_free);
}

void
gw_case_report_async (GwSession           *session,
                      JsonObject          *report,
                      GPtrArray           *photos,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTask *outer;
  Report *r;

  g_return_if_fail (GW_IS_SESSION (session));
  g_return_if_fail (report != NULL);

  outer = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (outer, gw_case_report_async);
  /* Once written it is queued, whatever happens to the form: the inner
   * task is not cancelled. */
  task = g_task_new (session, NULL, on_reported, outer);
  r = g_new0 (Report, 1);
  r->report = json_object_ref (report);
  r->photos = photos ? g_ptr_array_ref (photos) : NULL;
  g_task_set_task_data (task, r, (GDestroyNotify) report_free);
  g_task_run_in_thread (task, report_in_thread);
}

char *
gw_case_report_finish (GwSession     *session,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
