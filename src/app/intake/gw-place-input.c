/* gw-place-input.c: where a case is, typed or clicked
 *
 * The New Case form and the dialog that places a case from another
 * system ask the same question the same way; this object is the asking,
 * and each dialog only says what a chosen place means to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-place-input"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-place-input.h"
#include "gw-place-matches.h"

struct _GwPlaceInput
{
  GObject parent_instance;

  AdwEntryRow *entry;
  GtkLabel *label;
  GwPlacePicker *picker;
  GwPlaceMatches *matches;
  gboolean setting_text;          /* the entry is written, not typed in */
};

G_DEFINE_FINAL_TYPE (GwPlaceInput, gw_place_input, G_TYPE_OBJECT)

enum {
  LOCATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_entry_text (GwPlaceInput *self,
                const char   *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->setting_text = FALSE;
}

static void
located (GwPlaceInput *self,
         const char   *name,
         double        lat,
         double        lon)
{
  /* Translators: the place chosen for a case, then its coordinates */
  g_autofree char *text = name ? g_strdup_printf (_("At %s (%.5f, %.5f)"), name, lat, lon)
                               : g_strdup_printf (_("Picked on the map (%.5f, %.5f)"), lat, lon);

  gtk_label_set_text (self->label, text);
  g_signal_emit (self, signals[LOCATED], 0);
}

static void
on_place_chosen (GwPlaceInput *self,
                 GwPlace      *place)
{
  g_autofree char *name = g_strdup (place->name);
  double lat = place->lat, lon = place->lon;

  /* Chosen: the list goes, and the entry names the place. */
  gw_place_matches_set_text (self->matches, NULL);
  set_entry_text (self, name);
  gw_place_picker_set_location (self->picker, lat, lon);
  located (self, name, lat, lon);
}

static void
on_entry_changed (GwPlaceInput *self)
{
  if (!self->setting_text)
    gw_place_matches_set_text (self->matches, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
on_picked (GwPlaceInput *self,
           double        lat,
           double        lon)
{
  /* A click is the place now: what was typed no longer is. */
  set_entry_text (self, "");
  gw_place_matches_set_text (self->matches, NULL);
  located (self, NULL, lat, lon);
}

static void
on_missed (GwPlaceInput *self)
{
  gtk_label_set_text (self->label, _("That point lies outside the county: pick one inside its grids"));
}

static void
gw_place_input_dispose (GObject *object)
{
  GwPlaceInput *self = GW_PLACE_INPUT (object);

  g_clear_object (&self->matches);
  g_clear_object (&self->entry);
  g_clear_object (&self->label);
  g_clear_object (&self->picker);
  G_OBJECT_CLASS (gw_place_input_parent_class)->dispose (object);
}

static void
gw_place_input_class_init (GwPlaceInputClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_place_input_dispose;

  signals[LOCATED] = g_signal_new ("located", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
gw_place_input_init (GwPlaceInput *self)
{
}

GwPlaceInput *
gw_place_input_new (GwSession        *session,
                    GwInspectionData *targets,
                    AdwEntryRow      *entry,
                    GtkListBox       *list,
                    GtkLabel         *label,
                    GwPlacePicker    *picker)
{
  GwPlaceInput *self = g_object_new (GW_TYPE_PLACE_INPUT, NULL);

  self->entry = g_object_ref (entry);
  self->label = g_object_ref (label);
  self->picker = g_object_ref (picker);
  self->matches = gw_place_matches_new (session, targets, list);
  g_signal_connect_object (self->matches, "place-chosen", G_CALLBACK (on_place_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_entry_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "picked", G_CALLBACK (on_picked), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (picker, "missed", G_CALLBACK (on_missed), self, G_CONNECT_SWAPPED);
  gw_place_picker_set_grids (picker, gw_reference_data_get_grids (gw_session_get_reference_data (session)));
  return self;
}

gboolean
gw_place_input_get_location (GwPlaceInput *self,
                             double       *lat,
                             double       *lon)
{
  g_return_val_if_fail (GW_IS_PLACE_INPUT (self), FALSE);
  return gw_place_picker_get_location (self->picker, lat, lon);
}

void
gw_place_input_set_location (GwPlaceInput *self,
                             double        lat,
                             double        lon)
{
  g_return_if_fail (GW_IS_PLACE_INPUT (self));
  gw_place_picker_set_location (self->picker, lat, lon);
  on_picked (self, lat, lon);
}

gboolean
gw_place_input_take_enter (GwPlaceInput *self)
{
  g_return_val_if_fail (GW_IS_PLACE_INPUT (self), FALSE);
  return gw_place_matches_choose_first (self->matches);
}
