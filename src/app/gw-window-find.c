/* gw-window-find.c: finding, showing and accepting cases in the map page
 *
 * A case is found by the end of its number, shown from a toast or a
 * link, selected in the list or on the map; many selected on the map get
 * the bulk actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-fetch.h"
#include "gw-window-private.h"

static void
accept_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = gw_window_get_session (self);
  GwCase *kase = gw_case_model_lookup (self->cases, g_variant_get_string (param, NULL), NULL);
  g_autoptr(GError) error = NULL;

  if (session && kase && !gw_session_perform_action (session, kase, "accept", NULL, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
show_case (GwWindow   *self,
           const char *case_id)
{
  gw_window_show_map_and_sidebar (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "cases");
  gw_case_list_select (self->case_list, case_id);
  gw_map_view_show_case (self->map_view, case_id);
}

typedef struct
{
  GwWindow *window;
  char *case_id;
  gboolean say_missing;     /* typed in: "no such case" when it is not */
} Fetching;

static void
on_case_fetched (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fetching *fetching = user_data;
  g_autoptr(GwWindow) self = fetching->window;
  g_autofree char *case_id = fetching->case_id;
  gboolean say_missing = fetching->say_missing;

  g_free (fetching);
  /* The window went over to another session's cases meanwhile. */
  if (GW_CASE_MODEL (object) != self->cases)
    return;
  if (gw_case_fetch_finish (GW_CASE_MODEL (object), result, NULL) || !say_missing)
    show_case (self, case_id);
  else
    {
      g_autofree char *message = g_strdup_printf (_("No case with the ID “%s”"), case_id);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

/* A case closed before the review's horizon is in the cache only. */
static void
fetch_and_show_case (GwWindow   *self,
                     const char *case_id,
                     gboolean    say_missing)
{
  GwSession *session = gw_window_get_session (self);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  Fetching *fetching;

  if (session == NULL || gw_case_model_lookup (self->cases, case_id, NULL))
    {
      show_case (self, case_id);
      return;
    }
  fetching = g_new0 (Fetching, 1);
  fetching->window = g_object_ref (self);
  fetching->case_id = g_strdup (case_id);
  fetching->say_missing = say_missing;
  g_ptr_array_add (ids, (gpointer) case_id);
  gw_case_fetch_async (self->cases, gw_session_get_reader (session), ids, self->cancellable, on_case_fetched,
                       fetching);
}

static void
show_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  fetch_and_show_case (GW_WINDOW (widget), g_variant_get_string (param, NULL), FALSE);
}

static void
accept_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  GwWindow *self = GW_WINDOW (widget);
  GwSession *session = gw_window_get_session (self);
  g_auto(GStrv) ids = gw_map_view_get_selected_cases (self->map_view);
  guint accepted = 0, skipped = 0;
  g_autofree char *text = NULL;

  if (session == NULL)
    return;

  /* Each through the outbox like any action; only new cases can be
   * accepted, the others are left as they are and counted. */
  for (guint i = 0; ids[i]; i++)
    {
      GwCase *kase = gw_case_model_lookup (self->cases, ids[i], NULL);
      g_autoptr(GError) error = NULL;

      if (kase && gw_case_get_status (kase) == GW_CASE_STATUS_REPORTED &&
          gw_session_perform_action (session, kase, "accept", NULL, &error))
        accepted++;
      else
        skipped++;
    }

  if (skipped == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepted %u case", "Accepted %u cases", accepted), accepted);
  else
    text = g_strdup_printf (_("Accepted %u, left %u that were not new"), accepted, skipped);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_case_selected (GwWindow   *self,
                  const char *case_id)
{
  gw_map_view_show_case (self->map_view, case_id);
}

static void
on_map_selection_changed (GwWindow *self)
{
  g_auto(GStrv) ids = gw_map_view_get_selected_cases (self->map_view);
  guint n = g_strv_length (ids), n_new = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      GwCase *kase = gw_case_model_lookup (self->cases, ids[i], NULL);

      n_new += kase && gw_case_get_status (kase) == GW_CASE_STATUS_REPORTED;
    }

  /* One case is shown in the list; many get the bulk actions. */
  gtk_revealer_set_reveal_child (self->selection_revealer, n > 1);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case selected, %u new", "%u cases selected, %u new", n),
                          n, n_new);
  gtk_label_set_text (self->selection_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.accept-selected", n_new > 0);
}

static void
find_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (GW_WINDOW (widget)->find_case_entry));
}

static void
on_find_case_activate (GwWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_case_entry));
  g_autofree char *wanted = g_strstrip (g_ascii_strup (text, -1));
  const char *found = NULL;
  guint matches = 0;

  if (*wanted == '\0')
    return;

  /* Dispatchers read out the last digits: a unique ending is enough. */
  if (gw_case_model_lookup (self->cases, wanted, NULL))
    found = wanted, matches = 1;
  else
    for (guint i = 0; i < gw_case_model_get_size (self->cases) && matches < 2; i++)
      {
        const char *id = gw_case_get_id (gw_case_model_get (self->cases, i));

        if (g_str_has_suffix (id, wanted))
          {
            found = id;
            matches++;
          }
      }

  /* A whole number not in the model may be a case closed long ago. */
  if (matches == 0)
    {
      fetch_and_show_case (self, wanted, TRUE);
      return;
    }
  if (matches == 1)
    {
      gw_case_list_select (self->case_list, found);
      gw_map_view_show_case (self->map_view, found);
      gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
    }
  else
    {
      g_autofree char *message = matches == 0 ? g_strdup_printf (_("No case with the ID “%s”"), text)
                                              : g_strdup_printf (_("More than one case ends in “%s”; type more of the ID"), text);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
}

void
gw_window_class_add_case_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_case_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_map_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_find_case_activate);
  gtk_widget_class_install_action (widget_class, "win.accept-case", "s", accept_case_action);
  gtk_widget_class_install_action (widget_class, "win.show-case", "s", show_case_action);
  gtk_widget_class_install_action (widget_class, "win.find-case", NULL, find_case_action);
  gtk_widget_class_install_action (widget_class, "win.accept-selected", NULL, accept_selected_action);
}
