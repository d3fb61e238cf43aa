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
#include "gw-place-matches.h"
#include "gw-place-picker.h"

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
  GwPlaceMatches *places;
  gboolean setting_text;
};

G_DEFINE_FINAL_TYPE (GwPlaceDialog, gw_place_dialog, ADW_TYPE_WINDOW)

static void
update_apply (GwPlaceDialog *self)
{
  double lat, lon;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "place.apply", gw_place_picker_get_location (self->picker, &lat, &lon));
}

static void
show_place (GwPlaceDialog *self,
            const char    *name,
            double         lat,
            double         lon)
{
  g_autofree char *text = name ? g_strdup_printf (_("At %s (%.5f, %.5f)"), name, lat, lon)
                               : g_strdup_printf (_("Picked on the map (%.5f, %.5f)"), lat, lon);

  gtk_label_set_text (self->place_label, text);
  update_apply (self);
}

static void
on_place_chosen (GwPlaceDialog *self,
                 GwPlace       *place)
{
  g_autofree char *name = g_strdup (place->name);
  double lat = place->lat, lon = place->lon;

  /* Chosen: the list goes, and the next Enter places the case. */
  gw_place_matches_set_text (self->places, NULL);
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->place_entry), name);
  self->setting_text = FALSE;
  gw_place_picker_set_location (self->picker, lat, lon);
  show_place (self, name, lat, lon);
}

static void
on_place_changed (GwPlaceDialog *self)
{
  if (!self->setting_text)
    gw_place_matches_set_text (self->places, gtk_editable_get_text (GTK_EDITABLE (self->place_entry)));
}

static void
on_place_activated (GwPlaceDialog *self)
{
  double lat, lon;

  /* Enter on a place already chosen places the case. */
  if (gw_place_matches_is_searching (self->places) || gw_place_matches_get_n_items (self->places) > 0)
    gw_place_matches_choose_first (self->places);
  else if (gw_place_picker_get_location (self->picker, &lat, &lon))
    gtk_widget_activate_action (GTK_WIDGET (self), "place.apply", NULL);
}

static void
on_picked (GwPlaceDialog *self,
           double         lat,
           double         lon)
{
  show_place (self, NULL, lat, lon);
}

static void
on_missed (GwPlaceDialog *self)
{
  gtk_label_set_text (self->place_label, _("That point lies outside the county: pick one inside its grids"));
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

  if (!gw_place_picker_get_location (self->picker, &lat, &lon))
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
  g_clear_object (&self->places);
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
  gtk_widget_class_bind_template_callback (widget_class, on_place_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_place_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_picked);
  gtk_widget_class_bind_template_callback (widget_class, on_missed);
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
  return gw_place_picker_get_location (self->picker, lat, lon);
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
  self->places = gw_place_matches_new (session, targets, self->place_list);
  g_signal_connect_object (self->places, "place-chosen", G_CALLBACK (on_place_chosen), self, G_CONNECT_SWAPPED);
  gw_place_picker_set_grids (self->picker, gw_reference_data_get_grids (gw_session_get_reference_data (session)));
  /* Translators: the case being placed: its category, what was reported, where it came from */
  text = g_strdup_printf (_("%s: %s\n%s"), category_name ? category_name : _("No category"),
                          d->description ? d->description : "", origin ? origin : "");
  gtk_label_set_text (self->case_label, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->place_entry));
  return self;
}
