/* gw-window-cases.c: the window's cases, read from the cache into its model
 *
 * A read takes only what was written since the last one, off the main
 * thread; a first pull's worth is taken in between frames. The session's
 * word on an action (applied before the cache has it, or refused) lands
 * here too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-snapshot.h"
#include "gw-process.h"
#include "gw-window-private.h"

/* The cache's cases at the window's start, taken in whole where a
 * county's 100,000 fit: a window that has just come up shows them sooner
 * than in twenty slices with a frame of the map drawn between each (two
 * fifths of the main thread's time to the first full frame), and nobody
 * has begun working in it yet. */
#define START_SLICE_US G_GINT64_CONSTANT (100000)

/* The rest of a read, once its cases are in the model. */
static void
take_in_snapshot (GwWindow       *self,
                  GwCaseSnapshot *snap)
{
  self->cases_touched = snap->touched;
  gw_window_update_escalations (self);
  gw_window_update_workloads (self);
}

static void
loaded (GwWindow *self)
{
  self->loading_cases = FALSE;
  /* The window's first read was the start's last bulk of memory. */
  gw_process_end_start ();
  /* Changes that came while reading: read again, once. */
  if (self->cases_dirty)
    gw_window_reload_cases (self);
}

typedef struct
{
  GwWindow *window;
  GwCaseSnapshot *snap;
} Taking;

static void
on_cases_taken (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Taking *taking = user_data;
  g_autoptr(GError) error = NULL;

  if (gw_case_model_update_finish (GW_CASE_MODEL (object), result, &error))
    {
      gw_escalation_board_set_quiet (taking->window->escalation_board, FALSE);
      take_in_snapshot (taking->window, taking->snap);
      loaded (taking->window);
    }
  gw_case_snapshot_free (taking->snap);
  g_free (taking);
}

static void
on_cases_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GwCaseSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  gboolean starting;
  GwWindow *self;

  snap = gw_case_snapshot_read_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GW_WINDOW (user_data);
  starting = self->reading_early;
  self->reading_early = FALSE;
  if (snap != NULL && snap->cases->len > GW_CASE_MODEL_SLICE)
    {
      Taking *taking = g_new0 (Taking, 1);

      /* A first pull's worth: taken in between frames, and read again
       * only once all is in. */
      taking->window = self;
      taking->snap = g_steal_pointer (&snap);
      /* The whole first read at once was no news; in slices neither. */
      if (gw_case_model_get_size (self->cases) == 0)
        gw_escalation_board_set_quiet (self->escalation_board, TRUE);
      gw_case_model_update_async (self->cases, taking->snap->cases,
                                  starting ? START_SLICE_US : GW_CASE_MODEL_SLICE_US,
                                  self->cancellable, on_cases_taken, taking);
      return;
    }
  if (snap != NULL)
    {
      /* Only what changed: the model replaces those cases in place and the
       * map and the list follow from its signals. */
      gw_case_model_update (self->cases, snap->cases);
      take_in_snapshot (self, snap);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the saved cases: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  loaded (self);
}

void
gw_window_reload_cases (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);

  if (session == NULL)
    {
      /* Nothing to read before someone signs in. */
      gw_process_end_start ();
      return;
    }
  if (self->loading_cases)
    {
      self->cases_dirty = TRUE;
      return;
    }

  self->loading_cases = TRUE;
  self->cases_dirty = FALSE;
  if (self->read_all_cases)
    {
      self->read_all_cases = FALSE;
      self->cases_touched = 0;
    }
  /* The read begun before the window, if it is of this cache from the start. */
  if (self->early_read && self->cases_touched == 0 &&
      gw_case_snapshot_early_get_store (self->early_read) == gw_session_get_store (session))
    {
      self->reading_early = TRUE;
      gw_case_snapshot_take_async (g_steal_pointer (&self->early_read), self->cancellable, on_cases_loaded, self);
      return;
    }
  g_clear_pointer (&self->early_read, gw_case_snapshot_early_free);
  self->reading_early = FALSE;
  gw_case_snapshot_read_async (gw_session_get_store (session), self->cases_touched, self->cancellable,
                               on_cases_loaded, self);
}

/* Every case read from the cache again, into the model as it is: what a
 * wall folded comes back (gw_case_model_fold_closed()), the rest is
 * the same version and stays as it is. */
void
gw_window_reload_all_cases (GwWindow *self)
{
  /* After a read under way, if there is one. */
  self->read_all_cases = TRUE;
  gw_window_reload_cases (self);
}

/* The server's feed began again and the cache's cases were replaced: a
 * read under way belongs to the former ones, so it is dropped and the
 * cases are read again from the start into a fresh model. */
static void
on_cases_reset (GwWindow *self)
{
  g_autoptr(GwCaseModel) fresh = gw_case_model_new ();

  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_cases = FALSE;
  gw_window_set_case_model (self, fresh);
  self->cases_touched = 0;
  gw_window_reload_cases (self);
}

/* The action's result is shown before the cache has it. */
static void
on_action_applied (GwWindow *self,
                   GwCase   *kase)
{
  g_autoptr(GPtrArray) one = g_ptr_array_new ();

  g_ptr_array_add (one, kase);
  gw_case_model_update (self->cases, one);
}

static void
on_action_refused (GwWindow   *self,
                   const char *case_id,
                   const char *action,
                   guint       status,
                   const char *message,
                   GwCase     *server_case)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* Nothing is silently overwritten: say what happened, in the user's
   * words (the server's message is English and for the log), and show
   * the case as it now is. */
  g_debug ("Case %s: %s refused (%u): %s", case_id, action, status, message ? message : "");
  if (gw_window_new_case_refused (self, action))
    return;
  if (status == 0)
    {
      g_autofree char *name = gw_case_action_name (action);

      text = g_strdup_printf (_("Your change to case %s could not be saved: “%s”"), case_id, name);
    }
  else
    text = gw_case_refusal_text (status == 409 ? "conflict" : status == 422 ? "illegal_action" :
                                 status == 403 ? "forbidden" : status == 404 ? "not_found" : "",
                                 server_case, action);

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("Show"));
  adw_toast_set_action_name (toast, "win.show-case");
  adw_toast_set_action_target_value (toast, g_variant_new_string (case_id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  /* Not saved: the case goes back to what it was. */
  if (status == 0 && server_case)
    on_action_applied (self, server_case);
}

/* The desk's pages follow the cases: the list's and queue's rows, keys
 * and counts, the map's points, the escalation board's cards, the
 * review's figures. A window that is only a wall (desk_idle) shows none
 * of them: following every case for nobody cost each of its rounds a
 * rebuild per page, and the main heap the garbage of it. They follow
 * again, from the whole model, when the desk is shown. */
void
gw_window_follow_cases_on_desk (GwWindow *self)
{
  GwCaseModel *model = self->desk_idle ? NULL : self->cases;

  g_clear_object (&self->points);
  if (model)
    self->points = gw_case_points_new (model, self->filter);
  gw_map_view_set_case_points (self->map_view, self->points);
  gw_case_list_set_model (self->case_list, G_LIST_MODEL (model), self->filter);
  gw_dispatch_page_set_model (self->dispatch_page, model, self->filter);
  gw_escalation_board_set_model (self->escalation_board, model);
  gw_review_page_set_model (self->review_page, model);
}

void
gw_window_set_case_model (GwWindow    *self,
                          GwCaseModel *model)
{
  g_set_object (&self->cases, model);
  gw_window_follow_cases_on_desk (self);
  gw_wall_view_set_model (self->wall_view, model);
}

void
gw_window_setup_cases (GwWindow *self)
{
  g_signal_group_connect_object (self->session_signals, "action-applied",
                                 G_CALLBACK (on_action_applied), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "action-refused",
                                 G_CALLBACK (on_action_refused), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "cases-changed",
                                 G_CALLBACK (gw_window_reload_cases), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "cases-reset",
                                 G_CALLBACK (on_cases_reset), self, G_CONNECT_SWAPPED);
}
