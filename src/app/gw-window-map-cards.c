/* gw-window-map-cards.c: the cards the map shows at a case or a worker, and the workers layer
 *
 * The map view says what was clicked; the window knows the names, the
 * reader's role and the session, so it fills the cards. Their buttons are
 * window actions that hand over to the dispatch page's own (win.case-act to
 * "dispatch.act", win.assign-to-worker to "dispatch.assign-to"): a case
 * acted on from the map goes exactly the way it goes from the panel. The workers layer follows the reference
 * data's statuses, which the feed keeps current, and counts open cases
 * from the window's cases; a worker's track is fetched through the sync
 * layer, never by a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-case-card.h"
#include "gw-case-names.h"
#include "gw-desk-rules.h"
#include "gw-window-private.h"
#include "gw-worker-card.h"
#include "gw-worker-track.h"

#define WORKER_PREFIX "worker:"

static GwReferenceData *
reference_of (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);

  return session ? gw_session_get_reference_data (session) : NULL;
}

static GwRole
reader_role (GwWindow *self)
{
  GwSession *session = gw_window_get_session (self);
  GwRole role;

  /* Until the server says who we are, nothing is offered that a
   * read-only leader would not be offered. */
  if (session == NULL || !gw_session_get_role (session, &role))
    return GW_ROLE_LEADER;
  return role;
}

static const char *
category_name (GwReferenceData *reference,
               const char      *code)
{
  const char *name = reference ? gw_reference_data_get_category_name (reference, code) : NULL;

  return name ? name : code;
}

/* The case's grid by name, and the community or town it lies in. */
static char *
place_text (GwReferenceData  *reference,
            const GwCaseData *d)
{
  GwGrid *grid = reference && d->grid ? gw_reference_data_lookup_grid (reference, d->grid) : NULL;
  GwGrid *parent = grid && gw_grid_get_parent_code (grid) ?
                   gw_reference_data_lookup_grid (reference, gw_grid_get_parent_code (grid)) : NULL;

  if (grid == NULL)
    return g_strdup (d->grid);
  if (parent == NULL)
    return g_strdup (gw_grid_get_name (grid));
  /* Translators: a grid, then the community or town it lies in */
  return g_strdup_printf (_("%s, %s"), gw_grid_get_name (grid), gw_grid_get_name (parent));
}

/* What moves a case on, most wanted first; the panel has the rest. */
static GStrv
card_actions (GwWindow *self,
              GwCase   *kase)
{
  static const char * const main_actions[] = { "dispatch", "accept", "assign", "start", "handle", "verify",
                                               "close", "rework", "reject", NULL };
  g_autoptr(GStrvBuilder) offered = g_strv_builder_new ();
  GwRole role = reader_role (self);

  for (guint i = 0; main_actions[i]; i++)
    if (gw_case_rules_role_may (role, main_actions[i]) && gw_case_rules_is_legal_now (kase, main_actions[i]))
      g_strv_builder_add (offered, main_actions[i]);
  return g_strv_builder_end (offered);
}

void
gw_window_show_case_card (GwWindow   *self,
                          const char *case_id)
{
  GwReferenceData *reference = reference_of (self);
  GwCase *kase = gw_case_model_lookup (self->cases, case_id, NULL);
  const GwCaseData *d;
  g_autofree char *place = NULL;
  g_autofree char *assignee = NULL;
  g_auto(GStrv) actions = NULL;

  if (kase == NULL)
    return;
  d = gw_case_get_data (kase);
  place = place_text (reference, d);
  assignee = gw_case_assignee_label (reference, d->assignee);
  actions = card_actions (self, kase);
  gw_map_view_show_card (self->map_view,
                         GTK_POPOVER (gw_case_card_new (kase, category_name (reference, d->category), place,
                                                        assignee,
                                                        (const char * const *) actions)),
                         d->lat, d->lon);
}

/* ---- workers ---- */

static char *
grids_of (GwReferenceData *reference,
          const char      *worker)
{
  GPtrArray *grids = gw_reference_data_get_grids (reference);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      const char * const *staff = gw_grid_get_workers (grid);

      if (staff && g_strv_contains (staff, worker))
        /* Translators: between the names of grids in a list */
        g_string_append_printf (names, "%s%s", names->len ? _(", ") : "", gw_grid_get_name (grid));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The one case selected on the map, if it is one. */
static GwCase *
selected_case (GwWindow *self)
{
  g_auto(GStrv) ids = gw_map_view_get_selected_cases (self->map_view);

  return ids[0] && !ids[1] ? gw_case_model_lookup (self->cases, ids[0], NULL) : NULL;
}

static void
on_worker_activated (GwWindow   *self,
                     const char *worker_id)
{
  GwReferenceData *reference = reference_of (self);
  GwWorkerLayer *layer = gw_map_view_get_worker_layer (self->map_view);
  int index = gw_worker_layer_find (layer, worker_id);
  GwWorker *worker = reference ? gw_reference_data_lookup_worker (reference, worker_id) : NULL;
  GwCase *kase = selected_case (self);
  g_autofree char *grids = reference ? grids_of (reference, worker_id) : NULL;
  g_autofree char *case_title = NULL;
  GwWorkerCardInfo info = { worker_id };
  double lat, lon;

  if (index < 0)
    return;
  gw_worker_layer_get_worker (layer, index, &lat, &lon, &info.reported);
  info.name = worker ? gw_worker_get_name (worker) : NULL;
  info.phone = worker && gw_desk_rules_may_see_phones (reader_role (self)) ? gw_worker_get_phone (worker) : NULL;
  info.grids = grids;
  info.open_cases = gw_worker_layer_get_open_cases (layer, index);
  if (kase)
    {
      case_title = g_strdup (category_name (reference, gw_case_get_data (kase)->category));
      info.case_id = gw_case_get_id (kase);
      info.case_title = case_title;
      /* The dispatch page's assignment: a new case goes in one dispatch. */
      if (!gw_case_rules_role_may (reader_role (self), "assign"))
        info.cannot_assign = _("Your role does not assign cases");
      else if (!gw_case_rules_is_legal_now (kase, "assign") && !gw_case_rules_is_legal_now (kase, "dispatch"))
        info.cannot_assign = _("The selected case cannot be assigned in its present state");
    }
  gw_map_view_show_card (self->map_view, GTK_POPOVER (gw_worker_card_new (&info)), lat, lon);
}

/* What each worker has open: dispatched to them or started. */
static GHashTable *
count_open_cases (GwWindow *self)
{
  GHashTable *open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < gw_case_model_get_size (self->cases); i++)
    {
      const GwCaseData *d = gw_case_get_data (gw_case_model_get (self->cases, i));
      const char *worker;

      if (!d->assignee || !g_str_has_prefix (d->assignee, WORKER_PREFIX) ||
          (d->status != GW_CASE_STATUS_DISPATCHED && d->status != GW_CASE_STATUS_IN_PROGRESS))
        continue;
      worker = d->assignee + strlen (WORKER_PREFIX);
      g_hash_table_insert (open, g_strdup (worker), GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (open, worker)) + 1));
    }
  return open;
}

/* The workers' positions, as the reference data last read them. */
void
gw_window_update_workers (GwWindow *self)
{
  GwReferenceData *reference = reference_of (self);

  gw_worker_layer_set_statuses (gw_map_view_get_worker_layer (self->map_view),
                                reference ? gw_reference_data_get_worker_statuses (reference) : NULL,
                                g_get_real_time () / G_USEC_PER_SEC);
}

/* Their workload, counted again only while the layer is shown. */
void
gw_window_update_workloads (GwWindow *self)
{
  g_autoptr(GHashTable) open = NULL;
  gboolean shown;

  g_object_get (self->map_view, "workers-visible", &shown, NULL);
  if (!shown)
    return;
  open = count_open_cases (self);
  gw_worker_layer_set_open_cases (gw_map_view_get_worker_layer (self->map_view), open);
}

static void
on_track (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) points = gw_worker_track_fetch_finish (GW_TOWN_CLIENT (object), result, &error);
  GwWindow *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GW_WINDOW (user_data);
  if (points == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot fetch the worker’s track: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  gw_worker_layer_set_track (gw_map_view_get_worker_layer (self->map_view), self->track_worker, points);
  if (points->len == 0)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("No positions reported today")));
}

/* ---- actions ---- */

/* The whole case: the queue, with the case in the panel. */
static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  gtk_widget_activate_action_variant (widget, "win.show-escalation", param);
}

static void
assign_to_worker_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  gtk_widget_activate_action_variant (GTK_WIDGET (GW_WINDOW (widget)->dispatch_page), "dispatch.assign-to", param);
}

static void
show_worker_track_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = gw_window_get_session (self);

  g_cancellable_cancel (self->track_cancellable);
  g_clear_object (&self->track_cancellable);
  if (session == NULL || gw_session_get_client (session) == NULL)
    return;
  g_free (self->track_worker);
  self->track_worker = g_variant_dup_string (param, NULL);
  self->track_cancellable = g_cancellable_new ();
  /* The server's today, in the county's time. */
  gw_worker_track_fetch_async (gw_session_get_client (session), self->track_worker, NULL, self->track_cancellable,
                               on_track, self);
}

void
gw_window_class_add_map_card_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.assign-to-worker", "(ss)", assign_to_worker_action);
  gtk_widget_class_install_action (widget_class, "win.show-worker-track", "s", show_worker_track_action);
}

void
gw_window_setup_map_cards (GwWindow *self)
{
  g_signal_connect_object (self->map_view, "worker-activated", G_CALLBACK (on_worker_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "notify::workers-visible", G_CALLBACK (gw_window_update_workloads), self,
                           G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->reference_signals, "statuses-changed",
                                 G_CALLBACK (gw_window_update_workers), self, G_CONNECT_SWAPPED);
}
