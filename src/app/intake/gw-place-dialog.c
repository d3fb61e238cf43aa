/* gw-place-dialog.c: placing a case that came without a point
 *
 * A request taken in from another system may have had no usable point
 * (issue 18): it waits in the queue's "location unknown" view until the
 * desk reads where it is and places it, with the same place search and
 * map as the New Case form. "locate" goes through the outbox like every
 * action; the server finds the grid, and the link to the source stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-place-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-place-dialog.h"
#include "gw-place-input.h"

struct _GwPlaceDialog
{
  AdwWindow parent_instance;

  GtkLabel *case_label;
  AdwEntryRow *place_entry;
  GtkListBox *place_list;
  GtkLabel *place_label;
  GwPlacePicker *picker;
  GtkLabel *error_label;

  GwSession *session;
  GwCase *kase;
  GwPlaceInput *place;
};

G_DEFINE_FINAL_TYPE (GwPlaceDialog, gw_place_dialog, ADW_TYPE_WINDOW)

static void
update_apply (GwPlaceDialog *self)
{
  double lat, lon;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "place.apply",
                                 self->place && gw_place_input_get_location (self->place, &lat, &lon));
}

static void
on_place_activated (GwPlaceDialog *self)
{
  double lat, lon;

  /* Enter on a place already chosen places the case. */
  if (!gw_place_input_take_enter (self->place) && gw_place_input_get_location (self->place, &lat, &lon))
    gtk_widget_activate_action (GTK_WIDGET (self), "place.apply", NULL);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GwPlaceDialog *self = GW_PLACE_DIALOG (widget);
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GError) error = NULL;
  double lat, lon;

  if (!gw_place_input_get_location (self->place, &lat, &lon))
    return;
  json_object_set_double_member (params, "lat", lat);
  json_object_set_double_member (params, "lon", lon);
  if (!gw_session_perform_action (self->session, self->kase, "locate", params, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The case cannot be placed: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
gw_place_dialog_dispose (GObject *object)
{
  GwPlaceDialog *self = GW_PLACE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PLACE_DIALOG);
  g_clear_object (&self->place);
  g_clear_object (&self->session);
  g_clear_object (&self->kase);
  G_OBJECT_CLASS (gw_place_dialog_parent_class)->dispose (object);
}

static void
gw_place_dialog_class_init (GwPlaceDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gw_place_dialog_dispose;

  g_type_ensure (GW_TYPE_PLACE_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-place-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, case_label);
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, place_entry);
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, place_list);
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, place_label);
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, GwPlaceDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_place_activated);
  gtk_widget_class_install_action (widget_class, "place.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_place_dialog_init (GwPlaceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_apply (self);
}

gboolean
gw_place_dialog_get_location (GwPlaceDialog *self,
                              double        *lat,
                              double        *lon)
{
  g_return_val_if_fail (GW_IS_PLACE_DIALOG (self), FALSE);
  return gw_place_input_get_location (self->place, lat, lon);
}

GwPlaceDialog *
gw_place_dialog_new (GtkWindow        *parent,
                     GwSession        *session,
                     GwCase           *kase,
                     const char       *category_name,
                     GwInspectionData *targets)
{
  GwPlaceDialog *self = g_object_new (GW_TYPE_PLACE_DIALOG, "transient-for", parent, NULL);
  const GwCaseData *d = gw_case_get_data (kase);
  g_autofree char *origin = gw_case_origin_label (d);
  g_autofree char *text = NULL;

  self->session = g_object_ref (session);
  self->kase = g_object_ref (kase);
  self->place = gw_place_input_new (session, targets, self->place_entry, self->place_list, self->place_label, self->picker);
  g_signal_connect_object (self->place, "located", G_CALLBACK (update_apply), self, G_CONNECT_SWAPPED);
  /* Translators: the case being placed: its category, what was reported, where it came from */
  text = g_strdup_printf (_("%s: %s\n%s"), category_name ? category_name : _("No category"),
                          d->description ? d->description : "", origin ? origin : "");
  gtk_label_set_text (self->case_label, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->place_entry));
  return self;
}
