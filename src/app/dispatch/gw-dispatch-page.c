/* gw-dispatch-page.c: the queue, the case panel and the actions on cases
 *
 * Where dispatchers spend their day. Every command is an action in the
 * "dispatch" group — act on a case, assign it to someone, accept, assign
 * or comment on a selection — so buttons, keys and tests take one path,
 * and every action goes through the session's outbox like any other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-dispatch-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-assign-popover.h"
#include "gw-assignment.h"
#include "gw-case-labels.h"
#include "gw-desk-dialogs.h"
#include "gw-case-names.h"
#include "gw-dispatch-page.h"
#include "gw-whistle-dialog.h"
#include "gw-case-fetch.h"
#include "gw-store-search.h"

struct _GwDispatchPage
{
  GtkWidget parent_instance;
  GtkWidget *paned;
  GwCaseQueue *queue;
  GwCasePanel *panel;

  GwSession *session;
  GwCaseModel *model;
  GwReferenceData *reference; /* the session's: names, grids, departments */
  GtkWidget *assign_popover;  /* weak */
  GCancellable *history_cancellable;
  GCancellable *search_cancellable;  /* the search under way, if any */
};

G_DEFINE_FINAL_TYPE (GwDispatchPage, gw_dispatch_page, GTK_TYPE_WIDGET)

enum {
  SHOW_ON_MAP,
  MESSAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
say (GwDispatchPage *self,
     const char     *text)
{
  g_signal_emit (self, signals[MESSAGE], 0, text);
}

/* What the rules' refusal means to the dispatcher, in their language:
 * the state and the action by name, never a code. A parameter's fault,
 * or a condition beyond the state (a return visit past its window), is
 * already said in words. */
static char *
refusal_text (const GError *error,
              GwCase       *kase,
              const char   *action)
{
  if (g_error_matches (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL) &&
      !gw_case_rules_is_legal_now (kase, action))
    return gw_case_refusal_text ("illegal_action", kase, action);
  if (g_error_matches (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL))
    return g_strdup (error->message);
  if (g_error_matches (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN))
    return gw_case_refusal_text ("forbidden", kase, action);
  if (g_error_matches (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS))
    return g_strdup (error->message);
  return gw_case_refusal_text ("", kase, action);
}

static gboolean
perform (GwDispatchPage *self,
         const char     *case_id,
         const char     *action,
         JsonObject     *params)
{
  g_autoptr(GError) error = NULL;
  GwCase *kase;

  if (self->session == NULL)
    return FALSE;
  if (!(kase = self->model ? gw_case_model_lookup (self->model, case_id, NULL) : NULL))
    {
      g_autofree char *text = g_strdup_printf (_("There is no case %s here"), case_id);

      say (self, text);
      return FALSE;
    }
  if (!gw_session_perform_action (self->session, kase, action, params, &error))
    {
      g_autofree char *text = refusal_text (error, kase, action);

      say (self, text);
      return FALSE;
    }
  return TRUE;
}

/* ---- the panel follows the selection and the case's changes ---- */

static void
on_history (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwDispatchPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gw_case_history_fetch_finish (GW_TOWN_CLIENT (object), result, &error);

  /* Cancelled: another case, or the same one changed again, is shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (entries == NULL)
    g_debug ("No history: %s", error->message);
  gw_case_panel_set_history (self->panel, entries, entries == NULL);
}

/* The history of the case shown, again whenever the case changes. */
static void
fetch_history (GwDispatchPage *self,
               GwCase         *kase)
{
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  if (kase == NULL || self->session == NULL || gw_session_get_client (self->session) == NULL)
    return;
  self->history_cancellable = g_cancellable_new ();
  gw_case_history_fetch_async (gw_session_get_client (self->session), gw_case_get_id (kase), self->history_cancellable,
                               on_history, g_object_ref (self));
}

/* "a" is offered exactly when the panel's dispatch button is: a leader
 * reads only, and a case in handling is not given to anyone. */
static void
update_dispatch_key (GwDispatchPage *self)
{
  GwRole role;
  gboolean read_only = self->session && gw_session_get_role (self->session, &role) && role == GW_ROLE_LEADER;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.assign-focused",
                                 !read_only && gw_case_panel_get_dispatch_action (self->panel) != NULL);
}

static void
show_case (GwDispatchPage *self,
           const char     *case_id)
{
  GwCase *kase = self->model ? gw_case_model_lookup (self->model, case_id, NULL) : NULL;
  const GwCaseData *d = kase ? gw_case_get_data (kase) : NULL;
  GwRole role;

  if (self->session)
    {
      gboolean known = gw_session_get_role (self->session, &role);

      gw_case_panel_set_role (self->panel, known, role, gw_session_get_user (self->session));
      gw_case_panel_set_return_visit_days (self->panel, gw_session_get_return_visit_days (self->session));
      gw_case_queue_set_return_visit_days (self->queue, gw_session_get_return_visit_days (self->session));
    }
  gw_case_panel_set_case (self->panel, kase,
                          d && self->reference ? gw_reference_data_get_category_name (self->reference, d->category) : NULL,
                          d && self->reference ? gw_reference_data_get_grid_name (self->reference, d->grid) : NULL);
  update_dispatch_key (self);
  fetch_history (self, kase);
}

static void
on_model_changed (GwDispatchPage *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  GwCase *shown = gw_case_panel_get_case (self->panel);
  guint at;

  /* The case shown has a new version: show that one. */
  if (shown && gw_case_model_lookup (self->model, gw_case_get_id (shown), &at) &&
      at >= position && at < position + added && gw_case_model_get (self->model, at) != shown)
    show_case (self, gw_case_get_id (shown));
}

static void
on_case_selected (GwDispatchPage *self,
                  const char     *case_id)
{
  show_case (self, case_id);
}

static void
on_case_activated (GwDispatchPage *self,
                   const char     *case_id)
{
  g_signal_emit (self, signals[SHOW_ON_MAP], 0, case_id);
}

static void
on_found_fetched (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gw_case_fetch_finish (GW_CASE_MODEL (object), result, NULL);
}

static void
on_searched (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GwDispatchPage *self;

  /* Cancelled: a newer keystroke's search, or the page is gone. */
  ids = gw_store_search_cases_finish (GW_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = GW_DISPATCH_PAGE (user_data);
  g_clear_object (&self->search_cancellable);
  if (ids == NULL)
    {
      say (self, error->message);
      return;
    }
  gw_case_queue_set_search (self->queue, ids);
  /* Cases closed before the review's horizon are in the cache only:
   * found, they come back into the model and so into the list. */
  if (self->model && self->session)
    gw_case_fetch_async (self->model, gw_session_get_reader (self->session), ids, NULL, on_found_fetched, NULL);
}

/* Off the main thread, through the reader: the window types on while the
 * feed writes, and only the last search's answer is shown. */
static void
on_search_changed (GwDispatchPage *self,
                   const char     *text)
{
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text == NULL || *text == '\0' || self->session == NULL)
    {
      gw_case_queue_set_search (self->queue, NULL);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  gw_store_search_cases_async (gw_session_get_reader (self->session), text, 5000, self->search_cancellable,
                               on_searched, self);
}

/* ---- asking for what an action needs ---- */

typedef struct
{
  GwDispatchPage *self;
  char **case_ids;
  char *action;
  char *member;
  GtkEditable *text;
  GtkEditable *deadline;
  GtkDropDown *rating;
} Ask;

static void
ask_free (Ask *ask)
{
  g_object_unref (ask->self);
  g_strfreev (ask->case_ids);
  g_free (ask->action);
  g_free (ask->member);
  g_free (ask);
}

static void
on_ask_response (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  if (g_str_equal (response, "apply"))
    for (guint i = 0; ask->case_ids[i]; i++)
      {
        g_autoptr(JsonObject) params = json_object_new ();

        json_object_set_string_member (params, ask->member, gtk_editable_get_text (ask->text));
        if (ask->rating)
          json_object_set_int_member (params, "rating", 5 - gtk_drop_down_get_selected (ask->rating));
        if (ask->deadline)
          {
            g_autofree char *iso = g_strdup_printf ("%s:00+08:00", gtk_editable_get_text (ask->deadline));

            g_strdelimit (iso, " ", 'T');
            json_object_set_string_member (params, "deadline", iso);
          }
        perform (ask->self, ask->case_ids[i], ask->action, params);
      }
  ask_free (ask);
}

static void
ask_and_perform (GwDispatchPage      *self,
                 const char * const  *case_ids,
                 const char          *action,
                 const char          *member,
                 const char          *question)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              gw_case_action_label (action), question);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  Ask *ask = g_new0 (Ask, 1);

  ask->self = g_object_ref (self);
  ask->case_ids = g_strdupv ((char **) case_ids);
  ask->action = g_strdup (action);
  ask->member = g_strdup (member);
  ask->text = GTK_EDITABLE (entry);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);

  if (g_str_equal (action, "request_extension"))
    {
      GtkWidget *deadline = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (deadline), _("New deadline, such as 2026-11-30 17:30"));
      gtk_box_append (GTK_BOX (box), deadline);
      ask->deadline = GTK_EDITABLE (deadline);
    }
  if (g_str_equal (action, "rate"))
    {
      static const char * const stars[] = { "★★★★★", "★★★★☆", "★★★☆☆", "★★☆☆☆", "★☆☆☆☆", NULL };
      GtkWidget *rating = gtk_drop_down_new_from_strings (stars);

      gtk_accessible_update_property (GTK_ACCESSIBLE (rating), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Rating"), -1);
      gtk_box_append (GTK_BOX (box), rating);
      ask->rating = GTK_DROP_DOWN (rating);
    }
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_heading_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  g_signal_connect (dialog, "response", G_CALLBACK (on_ask_response), ask);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- assignment ---- */

static GHashTable *
open_workload (GwDispatchPage *self)
{
  GHashTable *load = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; self->model && i < gw_case_model_get_size (self->model); i++)
    {
      const GwCaseData *d = gw_case_get_data (gw_case_model_get (self->model, i));

      if (d->assignee && (d->status == GW_CASE_STATUS_DISPATCHED || d->status == GW_CASE_STATUS_IN_PROGRESS))
        g_hash_table_insert (load, g_strdup (d->assignee),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (load, d->assignee)) + 1));
    }
  return load;
}

/* What phones last said, by worker id; a report older than a shift says
 * nothing about now and is left out. */
#define STATUS_STALE_SECONDS (4 * 3600)

static GHashTable *
worker_statuses (GwDispatchPage *self)
{
  GHashTable *statuses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  GPtrArray *all = gw_reference_data_get_worker_statuses (gw_session_get_reference_data (self->session));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; all && i < all->len; i++)
    {
      GwWorkerStatus *status = g_ptr_array_index (all, i);
      const char *updated_at = gw_worker_status_get_updated_at (status);
      g_autoptr(GDateTime) when = updated_at ? g_date_time_new_from_iso8601 (updated_at, NULL) : NULL;

      if (when && now - g_date_time_to_unix (when) < STATUS_STALE_SECONDS)
        g_hash_table_insert (statuses, (gpointer) gw_worker_status_get_worker_id (status), g_object_ref (status));
    }
  return statuses;
}

static void
apply_status (GwWorkerState *state,
              GHashTable    *statuses,
              const char    *worker_id)
{
  GwWorkerStatus *status = g_hash_table_lookup (statuses, worker_id);

  if (status == NULL)
    return;
  state->on_duty_known = TRUE;
  state->on_duty = gw_worker_status_get_on_duty (status);
  state->location_known = gw_worker_status_get_location (status, &state->lat, &state->lon);
}

/* The category's lead department first (its id NULL when there is
 * none), then those the territorial list has work with it, by name. */
static GArray *
category_departments (GwReferenceData *reference,
                      GwCategory      *category)
{
  const GwCategoryInfo *info = category ? gw_category_get_info (category) : NULL;
  GArray *refs = g_array_new (FALSE, TRUE, sizeof (GwDepartmentRef));
  GwDepartmentRef lead = { info ? info->department : NULL, NULL };

  g_array_append_val (refs, lead);
  for (guint i = 0; info && info->cooperating && info->cooperating[i]; i++)
    {
      GwDepartmentRef other = { info->cooperating[i], NULL };
      g_array_append_val (refs, other);
    }
  for (guint i = 0; i < refs->len; i++)
    {
      GwDepartmentRef *r = &g_array_index (refs, GwDepartmentRef, i);
      GwDepartment *department = r->id ? gw_reference_data_lookup_department (reference, r->id) : NULL;

      r->name = department ? gw_department_get_display_name (department) : NULL;
    }
  return refs;
}

/* Ranked suggestions for a case, best first (of GwSuggestion): everyone
 * who could take it; the panel shows the first few. */
GPtrArray *
gw_dispatch_page_suggest (GwDispatchPage *self,
                          const char     *case_id)
{
  GwCase *kase;
  GwReferenceData *reference;
  GPtrArray *workers;
  GwCategory *category;
  g_autoptr(GArray) departments = NULL;
  g_autoptr(GHashTable) load = NULL;
  g_autoptr(GArray) states = g_array_new (FALSE, TRUE, sizeof (GwWorkerState));
  g_autoptr(GHashTable) nearness = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) statuses = NULL;
  GwGrid *grid;

  g_return_val_if_fail (GW_IS_DISPATCH_PAGE (self), NULL);

  if (self->session == NULL || !(kase = gw_case_model_lookup (self->model, case_id, NULL)))
    return g_ptr_array_new ();
  reference = gw_session_get_reference_data (self->session);
  workers = gw_reference_data_get_workers (reference);
  category = gw_reference_data_lookup_category (reference, gw_case_get_data (kase)->category);
  load = open_workload (self);
  statuses = worker_statuses (self);

  /* Who works the case's grid, and who the grids beside it. */
  grid = gw_reference_data_lookup_grid (reference, gw_case_get_data (kase)->grid);
  if (grid && gw_grid_get_parent_code (grid))
    {
      GPtrArray *grids = gw_reference_data_get_grids (reference);

      for (guint i = 0; i < grids->len; i++)
        {
          GwGrid *other = g_ptr_array_index (grids, i);

          if (g_strcmp0 (gw_grid_get_parent_code (other), gw_grid_get_parent_code (grid)) == 0)
            for (const char * const *w = gw_grid_get_workers (other); w && *w; w++)
              g_hash_table_insert (nearness, (gpointer) *w, GINT_TO_POINTER (GW_NEARNESS_NEIGHBOUR));
        }
    }
  for (const char * const *w = grid ? gw_grid_get_workers (grid) : NULL; w && *w; w++)
    g_hash_table_insert (nearness, (gpointer) *w, GINT_TO_POINTER (GW_NEARNESS_OWN_GRID));

  for (guint i = 0; workers && i < workers->len; i++)
    {
      GwWorker *worker = g_ptr_array_index (workers, i);
      g_autofree char *assignee = g_strdup_printf ("worker:%s", gw_worker_get_id (worker));
      GwWorkerState state = { worker, GPOINTER_TO_INT (g_hash_table_lookup (nearness, gw_worker_get_id (worker))),
                              GPOINTER_TO_UINT (g_hash_table_lookup (load, assignee)) };

      apply_status (&state, statuses, gw_worker_get_id (worker));
      g_array_append_val (states, state);
    }

  departments = category_departments (reference, category);

  {
    GPtrArray *ranked = gw_assignment_rank (gw_case_get_data (kase), (GwWorkerState *) states->data, states->len,
                                            &g_array_index (departments, GwDepartmentRef, 0),
                                            &g_array_index (departments, GwDepartmentRef, 1), departments->len - 1);
    const char *town = gw_case_data_handling_town (gw_case_get_data (kase));

    /* A town that handles the category itself comes before everyone. */
    if (town)
      {
        GwSuggestion *s = g_new0 (GwSuggestion, 1);

        s->assignee = g_strconcat ("town:", town, NULL);
        s->name = gw_case_assignee_label (reference, s->assignee);
        s->reasons = g_strdup (_("This town handles the category itself"));
        g_ptr_array_insert (ranked, 0, s);
      }
    return ranked;
  }
}

/* The popover hangs on the page and points at the panel's edge, where the
 * dispatcher's eyes are. */
static void
show_assignment (GwDispatchPage *self,
                 const char     *case_id)
{
  g_autoptr(GPtrArray) ranked = gw_dispatch_page_suggest (self, case_id);
  GtkWidget *popover = gw_assign_popover_new (case_id, ranked);
  graphene_rect_t bounds;

  if (self->assign_popover)
    gtk_popover_popdown (GTK_POPOVER (self->assign_popover));
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  if (gtk_widget_compute_bounds (GTK_WIDGET (self->panel), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (popover),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   1, (int) MIN (bounds.size.height, 200) });
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  g_set_weak_pointer (&self->assign_popover, popover);
  gtk_popover_popup (GTK_POPOVER (popover));
}

/* ---- whistles ---- */

static void
on_whistle (GwDispatchPage  *self,
            JsonObject      *params,
            GwWhistleDialog *dialog)
{
  perform (self, gw_whistle_dialog_get_case_id (dialog), "whistle", params);
}

static void
show_whistle (GwDispatchPage *self,
              const char     *case_id)
{
  GwCase *kase = self->model ? gw_case_model_lookup (self->model, case_id, NULL) : NULL;
  GPtrArray *departments;
  GtkWidget *dialog;

  if (kase == NULL || self->session == NULL)
    return;
  departments = gw_reference_data_get_departments (self->reference);
  dialog = gw_whistle_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), kase,
                                  gw_reference_data_get_grid_index (self->reference), departments,
                                  gw_reference_data_get_whistle_list (self->reference));
  g_signal_connect_object (dialog, "whistle", G_CALLBACK (on_whistle), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* e: whistle the case in the panel, when the rules allow it now. */
static void
escalate_focused_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  GwCase *kase = gw_case_panel_get_case (self->panel);

  if (kase && gw_case_rules_is_legal_now (kase, "whistle"))
    show_whistle (self, gw_case_get_id (kase));
  else if (kase)
    say (self, _("This case cannot be whistled now"));
}

/* The whistle dialog's answer without the dialog: (case, level, called,
 * item, reason), for keyboard macros and tests. */
static void
whistle_to_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  const char *case_id, *level, *called, *item, *reason;
  g_autoptr(JsonObject) params = json_object_new ();

  g_variant_get (param, "(&s&s&s&s&s)", &case_id, &level, &called, &item, &reason);
  json_object_set_string_member (params, "to_level", level);
  json_object_set_string_member (params, "called", called);
  json_object_set_string_member (params, "item", item);
  json_object_set_string_member (params, "reason", reason);
  perform (GW_DISPATCH_PAGE (widget), case_id, "whistle", params);
}

/* ---- the desk's own actions ---- */

/* The dialog the desk's action needs, if it is one of them. */
static gboolean
show_desk_dialog (GwDispatchPage *self,
                  const char     *case_id,
                  const char     *action)
{
  GwCase *kase = self->model ? gw_case_model_lookup (self->model, case_id, NULL) : NULL;
  GwRole role;

  if (kase == NULL || self->session == NULL)
    return FALSE;
  if (g_str_equal (action, "recategorise"))
    gw_desk_dialog_recategorise (GTK_WIDGET (self), kase,
                                 gw_reference_data_get_categories (gw_session_get_reference_data (self->session)));
  else if (g_str_equal (action, "mark_duplicate"))
    gw_desk_dialog_mark_duplicate (GTK_WIDGET (self), kase, self->model, self->reference);
  else if (g_str_equal (action, "unmark_duplicate"))
    gw_desk_dialog_unmark_duplicate (GTK_WIDGET (self), kase);
  else if (g_str_equal (action, "return_visit"))
    gw_desk_dialog_return_visit (GTK_WIDGET (self), kase,
                                 gw_session_get_role (self->session, &role) &&
                                 (role == GW_ROLE_HEAD || role == GW_ROLE_ADMIN));
  else
    return FALSE;
  return TRUE;
}

/* An action with its params, as a dialog answers it: (case, action,
 * params as a JSON object), for the dialogs, the map's card and tests. */
static void
perform_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  const char *case_id, *action, *json;
  g_autoptr(JsonNode) node = NULL;

  g_variant_get (param, "(&s&s&s)", &case_id, &action, &json);
  node = json_from_string (json, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_warning ("The params of %s are not a JSON object", action);
      return;
    }
  perform (GW_DISPATCH_PAGE (widget), case_id, action, json_node_get_object (node));
}

/* ---- actions ---- */

static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  const char *case_id, *action;
  const char *ids[2] = { NULL, NULL };

  g_variant_get (param, "(&s&s)", &case_id, &action);
  ids[0] = case_id;

  if (g_str_equal (action, "assign") || g_str_equal (action, "dispatch"))
    show_assignment (self, case_id);
  else if (show_desk_dialog (self, case_id, action))
    return;
  else if (g_str_equal (action, "whistle"))
    show_whistle (self, case_id);
  else if (g_str_equal (action, "deny_whistle"))
    ask_and_perform (self, ids, action, "reason", _("Why not; the level handles it"));
  else if (g_str_equal (action, "report"))
    ask_and_perform (self, ids, action, "note", _("What is being done, and by whom"));
  else if (g_str_equal (action, "resolve_escalation"))
    ask_and_perform (self, ids, action, "resolution", _("How it was settled"));
  else if (g_str_equal (action, "rate"))
    ask_and_perform (self, ids, action, "comment", _("How the called party responded (a comment is optional)"));
  else if (g_str_equal (action, "handle"))
    ask_and_perform (self, ids, action, "result", _("What was done?"));
  else if (g_str_equal (action, "comment"))
    ask_and_perform (self, ids, action, "text", _("The comment"));
  else if (g_str_equal (action, "request_extension"))
    ask_and_perform (self, ids, action, "reason", _("Until when, and why?"));
  else if (g_str_equal (action, "reject") || g_str_equal (action, "return") || g_str_equal (action, "rework") ||
           g_str_equal (action, "deny_extension") || g_str_equal (action, "suspend") || g_str_equal (action, "register"))
    ask_and_perform (self, ids, action, "reason", _("The reason, for the record"));
  else
    perform (self, case_id, action, NULL);
}

/* A case not yet filed is accepted, filed and assigned in one action
 * (one key, one transaction on the server) when the role may; any other
 * is assigned. */
static const char *
dispatch_step (GwDispatchPage *self,
               const char     *case_id)
{
  GwCase *kase = self->model ? gw_case_model_lookup (self->model, case_id, NULL) : NULL;
  GwRole role;
  GwCaseStatus status = kase ? gw_case_get_status (kase) : GW_CASE_STATUS_FILED;

  if ((status == GW_CASE_STATUS_REPORTED || status == GW_CASE_STATUS_ACCEPTED) &&
      (!self->session || !gw_session_get_role (self->session, &role) || gw_case_rules_role_may (role, "dispatch")))
    return "dispatch";
  return "assign";
}

static void
assign_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  g_autoptr(JsonObject) params = json_object_new ();
  const char *case_id, *assignee;

  g_variant_get (param, "(&s&s)", &case_id, &assignee);
  json_object_set_string_member (params, "assignee", assignee);
  perform (self, case_id, dispatch_step (self, case_id), params);
  /* A choice made is the end of the question. */
  if (self->assign_popover)
    gtk_popover_popdown (GTK_POPOVER (self->assign_popover));
}

static void
assign_focused_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  GwCase *kase = gw_case_panel_get_case (self->panel);

  if (kase && gw_case_panel_get_dispatch_action (self->panel))
    show_assignment (self, gw_case_get_id (kase));
}

static void
accept_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  g_auto(GStrv) ids = gw_case_queue_get_selected (self->queue);
  guint accepted = 0;

  for (guint i = 0; ids[i]; i++)
    {
      GwCase *kase = gw_case_model_lookup (self->model, ids[i], NULL);

      if (kase && gw_case_get_status (kase) == GW_CASE_STATUS_REPORTED && perform (self, ids[i], "accept", NULL))
        accepted++;
    }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepted %u case", "Accepted %u cases",
                                                          accepted), accepted);
    say (self, text);
  }
}

/* Every selected case that may be dispatched (a new one in one step)
 * goes to a worker of its own
 * grid who is on duty (anyone of the grid when nobody is known to be),
 * the least loaded first, counting what this spreads. */
static void
assign_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  g_auto(GStrv) ids = gw_case_queue_get_selected (self->queue);
  g_autoptr(GHashTable) load = open_workload (self);
  g_autoptr(GHashTable) statuses = worker_statuses (self);
  guint assigned = 0, skipped = 0;

  for (guint i = 0; ids[i]; i++)
    {
      GwCase *kase = gw_case_model_lookup (self->model, ids[i], NULL);
      GwGrid *grid = kase && self->reference ? gw_reference_data_lookup_grid (self->reference, gw_case_get_data (kase)->grid) : NULL;
      const char * const *staff = grid ? gw_grid_get_workers (grid) : NULL;
      g_autoptr(GArray) states = g_array_new (FALSE, TRUE, sizeof (GwWorkerState));
      g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
      g_autoptr(JsonObject) params = json_object_new ();
      g_autofree char *assignee = NULL;
      guint choice;

      if (kase == NULL || !gw_case_rules_is_legal (gw_case_get_status (kase), dispatch_step (self, ids[i])) ||
          staff == NULL || staff[0] == NULL)
        {
          skipped++;
          continue;
        }
      for (guint k = 0; staff[k]; k++)
        {
          GwWorkerStatus *status = g_hash_table_lookup (statuses, staff[k]);

          if (status && gw_worker_status_get_on_duty (status))
            g_ptr_array_add (candidates, (gpointer) staff[k]);
        }
      for (guint k = 0; candidates->len == 0 && staff[k]; k++)
        g_ptr_array_add (candidates, (gpointer) staff[k]);
      for (guint k = 0; k < candidates->len; k++)
        {
          g_autofree char *key = g_strdup_printf ("worker:%s", (char *) g_ptr_array_index (candidates, k));
          GwWorkerState state = { NULL, GW_NEARNESS_OWN_GRID, GPOINTER_TO_UINT (g_hash_table_lookup (load, key)) };

          g_array_append_val (states, state);
        }
      gw_assignment_spread ((GwWorkerState *) states->data, states->len, 1, &choice);
      assignee = g_strdup_printf ("worker:%s", (char *) g_ptr_array_index (candidates, choice));
      json_object_set_string_member (params, "assignee", assignee);
      if (perform (self, ids[i], dispatch_step (self, ids[i]), params))
        {
          g_hash_table_insert (load, g_strdup (assignee),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (load, assignee)) + 1));
          assigned++;
        }
    }

  {
    g_autofree char *text = skipped == 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assigned %u case",
                                                                         "Assigned %u cases", assigned), assigned)
                                         : g_strdup_printf (_("Assigned %u; %u could not be assigned now"), assigned, skipped);
    say (self, text);
  }
}

static void
comment_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  GwDispatchPage *self = GW_DISPATCH_PAGE (widget);
  g_auto(GStrv) ids = gw_case_queue_get_selected (self->queue);

  if (ids[0])
    ask_and_perform (self, (const char * const *) ids, "comment", "text", _("The comment, for every selected case"));
}

static void
gw_dispatch_page_dispose (GObject *object)
{
  GwDispatchPage *self = (GwDispatchPage *) object;

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  if (self->assign_popover)
    gtk_widget_unparent (self->assign_popover);
  g_clear_weak_pointer (&self->assign_popover);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->session);
  g_clear_object (&self->model);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);

  G_OBJECT_CLASS (gw_dispatch_page_parent_class)->dispose (object);
}

static void
gw_dispatch_page_class_init (GwDispatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_dispatch_page_dispose;

  /* The dispatcher wants to see the case on the map. */
  signals[SHOW_ON_MAP] = g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Something to tell the dispatcher briefly (a toast). */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "dispatch.act", "(ss)", act_action);
  gtk_widget_class_install_action (widget_class, "dispatch.perform", "(sss)", perform_action);
  gtk_widget_class_install_action (widget_class, "dispatch.assign-to", "(ss)", assign_to_action);
  gtk_widget_class_install_action (widget_class, "dispatch.assign-focused", NULL, assign_focused_action);
  gtk_widget_class_install_action (widget_class, "dispatch.escalate-focused", NULL, escalate_focused_action);
  gtk_widget_class_install_action (widget_class, "dispatch.whistle-to", "(sssss)", whistle_to_action);
  gtk_widget_class_install_action (widget_class, "dispatch.accept-selected", NULL, accept_selected_action);
  gtk_widget_class_install_action (widget_class, "dispatch.assign-selected", NULL, assign_selected_action);
  gtk_widget_class_install_action (widget_class, "dispatch.comment-selected", NULL, comment_selected_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "dispatch.assign-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "dispatch.escalate-focused", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-dispatch-page");
}

static void
gw_dispatch_page_init (GwDispatchPage *self)
{
  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  self->queue = g_object_new (GW_TYPE_CASE_QUEUE, NULL);
  self->panel = g_object_new (GW_TYPE_CASE_PANEL, NULL);
  gtk_widget_set_size_request (GTK_WIDGET (self->panel), 340, -1);
  gtk_paned_set_start_child (GTK_PANED (self->paned), GTK_WIDGET (self->queue));
  gtk_paned_set_end_child (GTK_PANED (self->paned), GTK_WIDGET (self->panel));
  gtk_paned_set_resize_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  g_signal_connect_swapped (self->queue, "case-selected", G_CALLBACK (on_case_selected), self);
  g_signal_connect_swapped (self->queue, "case-activated", G_CALLBACK (on_case_activated), self);
  g_signal_connect_swapped (self->queue, "search-changed", G_CALLBACK (on_search_changed), self);
}

/* The town's names were read again: the queue's departments and the
 * panel's names follow. */
static void
on_reference_changed (GwDispatchPage *self)
{
  GwCase *shown = gw_case_panel_get_case (self->panel);

  gw_case_queue_set_departments (self->queue, self->reference ? gw_reference_data_get_departments (self->reference) : NULL);
  if (shown)
    show_case (self, gw_case_get_id (shown));
}

void
gw_dispatch_page_set_session (GwDispatchPage *self,
                              GwSession      *session)
{
  g_return_if_fail (GW_IS_DISPATCH_PAGE (self));

  g_set_object (&self->session, session);
  if (gw_reference_data_follow (&self->reference, session ? gw_session_get_reference_data (session) : NULL,
                                self, G_CALLBACK (on_reference_changed)))
    on_reference_changed (self);
  if (session)
    gw_case_queue_set_return_visit_days (self->queue, gw_session_get_return_visit_days (session));
  gw_case_panel_set_client (self->panel, session ? gw_session_get_client (session) : NULL,
                            session ? gw_session_get_store (session) : NULL);
  gw_case_panel_set_reference_data (self->panel, session ? gw_session_get_reference_data (session) : NULL);
  gw_case_queue_set_user (self->queue, session ? gw_session_get_user (session) : NULL);
  gw_case_queue_set_reference_data (self->queue, session ? gw_session_get_reference_data (session) : NULL);

  /* A leader's role is read-only: the keys that write do nothing and
   * the bars that write are not there. */
  {
    static const char *writes[] = { "dispatch.accept-selected", "dispatch.act", "dispatch.assign-focused",
                                    "dispatch.assign-selected", "dispatch.assign-to", "dispatch.comment-selected",
                                    "dispatch.escalate-focused", "dispatch.whistle-to", "dispatch.perform" };
    GwRole role;
    gboolean read_only = session && gw_session_get_role (session, &role) && role == GW_ROLE_LEADER;

    for (guint i = 0; i < G_N_ELEMENTS (writes); i++)
      gtk_widget_action_set_enabled (GTK_WIDGET (self), writes[i], !read_only);
    gw_case_queue_set_read_only (self->queue, read_only);
  }
  update_dispatch_key (self);
}

void
gw_dispatch_page_set_model (GwDispatchPage *self,
                            GwCaseModel    *model,
                            GwCaseFilter   *filter)
{
  g_return_if_fail (GW_IS_DISPATCH_PAGE (self));

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model)
    g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_model_changed), self);
  gw_case_queue_set_model (self->queue, model, filter);
  gw_case_panel_set_case (self->panel, NULL, NULL, NULL);
  fetch_history (self, NULL);
}

void
gw_dispatch_page_refresh_time (GwDispatchPage *self)
{
  g_return_if_fail (GW_IS_DISPATCH_PAGE (self));
  gw_case_queue_refresh_time (self->queue);
}

GwCaseQueue *
gw_dispatch_page_get_queue (GwDispatchPage *self)
{
  g_return_val_if_fail (GW_IS_DISPATCH_PAGE (self), NULL);
  return self->queue;
}

GwCasePanel *
gw_dispatch_page_get_panel (GwDispatchPage *self)
{
  g_return_val_if_fail (GW_IS_DISPATCH_PAGE (self), NULL);
  return self->panel;
}
