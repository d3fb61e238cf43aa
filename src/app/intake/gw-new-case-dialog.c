/* gw-new-case-dialog.c: the New Case form: a call taken at the desk
 *
 * The dispatcher types while the resident talks: the category by its
 * code or any part of its name, the place by a name they know (or a
 * click on the map), then the caller, the urgency and what happened.
 * Enter goes from field to field and, from the description, reports the
 * case, so the whole form can be done without the mouse. The report and
 * its photos go into the outbox (gw_case_report_async()): offline they
 * wait there and are sent once when the server is back; the server finds its grid
 * and deadline. While the form is filled, the open cases of the same
 * kind nearby are listed, so a repeated call can open the first report
 * instead of filing a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-new-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-report.h"
#include "gw-duplicates-lookup.h"
#include "gw-field.h"
#include "gw-new-case-dialog.h"
#include "gw-new-case-photos.h"
#include "gw-phone.h"
#include "gw-place-input.h"
#include "gw-ui-language.h"

#define MAX_CATEGORY_MATCHES 6

/* The sources a desk takes calls from, the hotline first: most calls. */
static const GwCaseSource desk_sources[] = {
  GW_CASE_SOURCE_HOTLINE_12345, GW_CASE_SOURCE_WALK_IN, GW_CASE_SOURCE_MAILBOX,
  GW_CASE_SOURCE_PETITION, GW_CASE_SOURCE_PATROL, GW_CASE_SOURCE_OTHER,
};

struct _GwNewCaseDialog
{
  AdwWindow parent_instance;

  AdwComboRow *source_row;
  GtkStringList *sources;
  AdwEntryRow *category_entry;
  GtkListBox *category_list;
  AdwEntryRow *place_entry;
  GtkListBox *place_list;
  GtkLabel *place_label;
  AdwEntryRow *caller_entry;
  AdwEntryRow *phone_entry;
  GtkSwitch *urgent_switch;
  AdwEntryRow *description_entry;
  AdwActionRow *photos_row;
  GtkLabel *error_label;
  GwPlacePicker *picker;
  GtkLabel *duplicates_label;
  GtkListBox *duplicates_list;
  GtkWidget *report_button;

  GwSession *session;
  GwPlaceInput *place;
  GwNewCasePhotos *photos;
  GPtrArray *category_matches;    /* of GwCategory, as listed */
  GwCategory *category;           /* the one chosen */
  GPtrArray *duplicates;          /* of GwDuplicate, as listed */
  GCancellable *duplicates_lookup;
  GCancellable *cancellable;
  gboolean setting_text;          /* the form writes a field itself */
  gboolean reporting;
};

G_DEFINE_FINAL_TYPE (GwNewCaseDialog, gw_new_case_dialog, ADW_TYPE_WINDOW)

enum {
  REPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
category_name (GwCategory *category)
{
  const GwCategoryInfo *info = gw_category_get_info (category);

  return gw_ui_language_is_chinese (NULL) ? info->name : info->name_en;
}

static const char *
major_name (GwCategory *category)
{
  const GwCategoryInfo *info = gw_category_get_info (category);

  return gw_ui_language_is_chinese (NULL) ? info->major_name : info->major_name_en;
}

static void
set_entry_text (GwNewCaseDialog *self,
                AdwEntryRow     *entry,
                const char      *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
  self->setting_text = FALSE;
}

static gboolean
located (GwNewCaseDialog *self)
{
  double lat, lon;

  return self->place && gw_place_input_get_location (self->place, &lat, &lon);
}

/* ---- what is ready to send ---- */

static gboolean
phone_ok (GwNewCaseDialog *self)
{
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));

  return *phone == '\0' || gw_phone_check (phone, NULL);
}

static void
update_report (GwNewCaseDialog *self)
{
  gboolean phone = phone_ok (self);

  if (phone)
    gtk_widget_remove_css_class (GTK_WIDGET (self->phone_entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->phone_entry), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-case.report",
                                 self->category && located (self) && phone && !self->reporting);
}

static void
show_error (GwNewCaseDialog *self,
            const char      *text)
{
  gtk_label_set_text (self->error_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

/* ---- duplicates ---- */

static char *
age_text (GwCase *kase)
{
  gint64 age = MAX (0, g_get_real_time () / G_USEC_PER_SEC - gw_case_get_reported_unix (kase));
  g_autofree char *span = NULL;

  /* "0 min ago" reads as a fault. */
  if (age < 60)
    return g_strdup (_("just now"));
  span = gw_span_label (age);
  /* Translators: how long ago a case was reported, e.g. "3 h ago" */
  return g_strdup_printf (_("%s ago"), span);
}

static GtkWidget *
duplicate_row (GwNewCaseDialog *self,
               GwDuplicate     *duplicate)
{
  const GwCaseData *d = gw_case_get_data (duplicate->kase);
  GwReferenceData *reference = gw_session_get_reference_data (self->session);
  GwCategory *category = d->category ? gw_reference_data_lookup_category (reference, d->category) : NULL;
  GwGrid *grid = d->grid ? gw_reference_data_lookup_grid (reference, d->grid) : NULL;
  g_autofree char *age = age_text (duplicate->kase);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Translators: a case nearby: its category, how far and how long ago */
  title = g_strdup_printf (_("%s · %.0f m · %s"), category ? category_name (category) : _("No category"),
                           duplicate->distance_m, age);
  subtitle = g_strdup_printf ("%s · %s · %s", gw_case_status_label (d->status), grid ? gw_grid_get_name (grid) : "—",
                              d->description ? d->description : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Open this case instead of reporting a new one"));
  return row;
}

static void
show_duplicates (GwNewCaseDialog *self,
                 GPtrArray       *found,
                 gboolean         from_cache)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->duplicates_list))); )
    gtk_list_box_remove (self->duplicates_list, child);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  self->duplicates = found ? g_ptr_array_ref (found) : NULL;
  for (guint i = 0; found && i < found->len; i++)
    gtk_list_box_append (self->duplicates_list, duplicate_row (self, g_ptr_array_index (found, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_list), found && found->len > 0);

  if (found == NULL)
    gtk_label_set_text (self->duplicates_label, _("Choose a category and a place to see the open cases of the same kind nearby."));
  else if (found->len == 0)
    gtk_label_set_text (self->duplicates_label, from_cache
                        ? _("None of the same kind nearby in the cases on this computer (the town server cannot be reached).")
                        : _("None of the same kind nearby: this is a new matter."));
  else
    gtk_label_set_text (self->duplicates_label, from_cache
                        ? _("The same kind of matter, reported nearby (from the cases on this computer: the town server cannot be reached). Select one to open it instead.")
                        : _("The same kind of matter, reported nearby. Select one to open it instead of reporting it again."));
}

static void
on_duplicates_found (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GwNewCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean from_cache = FALSE;
  g_autoptr(GPtrArray) found = gw_duplicates_lookup_finish (GW_SESSION (object), result, &from_cache, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->duplicates_lookup);
  if (found == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The cases nearby cannot be listed: %s"), error->message);

      show_duplicates (self, NULL, FALSE);
      gtk_label_set_text (self->duplicates_label, text);
      return;
    }
  show_duplicates (self, found, from_cache);
}

static void
look_for_duplicates (GwNewCaseDialog *self)
{
  double lat, lon;

  g_cancellable_cancel (self->duplicates_lookup);
  g_clear_object (&self->duplicates_lookup);
  if (!self->category || !gw_place_input_get_location (self->place, &lat, &lon))
    {
      show_duplicates (self, NULL, FALSE);
      return;
    }
  gtk_label_set_text (self->duplicates_label, _("Looking for open cases nearby…"));
  self->duplicates_lookup = g_cancellable_new ();
  gw_duplicates_lookup_async (self->session, lat, lon, gw_category_get_code (self->category),
                              self->duplicates_lookup, on_duplicates_found, g_object_ref (self));
}

static gboolean
close_form (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_open_response (GwNewCaseDialog *self,
                  const char      *response,
                  AdwMessageDialog *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "case-id");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (g_strcmp0 (response, "open") != 0 || parent == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-case", "s", id);
  /* After the question has gone: it is the form's own transient. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_form, g_object_ref (self), g_object_unref);
}

static void
on_duplicate_activated (GwNewCaseDialog *self,
                        GtkListBoxRow   *row)
{
  GwDuplicate *duplicate = g_ptr_array_index (self->duplicates, gtk_list_box_row_get_index (row));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Open the Earlier Case?"),
                                              _("If the caller reports the same matter, open the case already "
                                                "reported instead of filing a second one; add what they said "
                                                "there as a comment."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Reporting"),
                                    "open", _("_Open That Case"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "case-id", g_strdup (gw_case_get_id (duplicate->kase)), g_free);
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the category ---- */

static gboolean
category_matches (GwCategory *category,
                  const char *folded)
{
  const GwCategoryInfo *info = gw_category_get_info (category);
  const char *names[] = { info->name, info->name_en, info->major_name, info->major_name_en };
  g_autofree char *code = g_utf8_casefold (gw_category_get_code (category), -1);

  if (g_str_has_prefix (code, folded))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = names[i] ? g_utf8_casefold (names[i], -1) : NULL;

      if (name && strstr (name, folded))
        return TRUE;
    }
  return FALSE;
}

static void
list_categories (GwNewCaseDialog *self,
                 const char      *text)
{
  GPtrArray *categories = gw_reference_data_get_categories (gw_session_get_reference_data (self->session));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *folded = g_utf8_casefold (stripped, -1);

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->category_list))); )
    gtk_list_box_remove (self->category_list, child);
  g_ptr_array_set_size (self->category_matches, 0);
  for (guint i = 0; *folded && i < categories->len && self->category_matches->len < MAX_CATEGORY_MATCHES; i++)
    {
      GwCategory *category = g_ptr_array_index (categories, i);
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (!category_matches (category, folded))
        continue;
      g_ptr_array_add (self->category_matches, g_object_ref (category));
      title = g_strdup_printf ("%s  %s", gw_category_get_code (category), category_name (category));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), major_name (category));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->category_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->category_list), self->category_matches->len > 0);
}

static void
choose_category (GwNewCaseDialog *self,
                 GwCategory      *category)
{
  g_autofree char *text = g_strdup_printf ("%s  %s", gw_category_get_code (category), category_name (category));

  g_set_object (&self->category, category);
  set_entry_text (self, self->category_entry, text);
  gtk_widget_set_visible (GTK_WIDGET (self->category_list), FALSE);
  update_report (self);
  look_for_duplicates (self);
}

static void
on_category_changed (GwNewCaseDialog *self)
{
  if (self->setting_text)
    return;
  /* Typed again: what was chosen no longer holds. */
  g_clear_object (&self->category);
  list_categories (self, gtk_editable_get_text (GTK_EDITABLE (self->category_entry)));
  update_report (self);
  look_for_duplicates (self);
}

static void
on_category_activated (GwNewCaseDialog *self)
{
  if (self->category == NULL && self->category_matches->len > 0)
    choose_category (self, g_ptr_array_index (self->category_matches, 0));
  if (self->category != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->place_entry));
}

static void
on_category_row_activated (GwNewCaseDialog *self,
                           GtkListBoxRow   *row)
{
  choose_category (self, g_ptr_array_index (self->category_matches, gtk_list_box_row_get_index (row)));
  gtk_widget_grab_focus (GTK_WIDGET (self->place_entry));
}

/* ---- the place ---- */

static void
on_located (GwNewCaseDialog *self)
{
  /* Chosen from the list by Enter: Enter goes on to the caller. */
  if (gtk_widget_is_focus (GTK_WIDGET (self->place_entry)) ||
      gtk_widget_get_focus_child (GTK_WIDGET (self->place_entry)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->caller_entry));
  update_report (self);
  look_for_duplicates (self);
}

static void
on_place_activated (GwNewCaseDialog *self)
{
  /* Nothing typed: a place clicked on the map is the place. */
  if (!gw_place_input_take_enter (self->place) && located (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->caller_entry));
}

/* ---- the rest, and sending ---- */

static void
on_caller_activated (GwNewCaseDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_entry));
}

static void
on_phone_activated (GwNewCaseDialog *self)
{
  if (phone_ok (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->description_entry));
}

static void
on_description_activated (GwNewCaseDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-case.report", NULL);
}

static void
set_text_member (JsonObject *report,
                 const char *member,
                 AdwEntryRow *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*text)
    json_object_set_string_member (report, member, text);
}

static JsonObject *
build_report (GwNewCaseDialog *self)
{
  JsonObject *report = json_object_new ();
  guint source = adw_combo_row_get_selected (self->source_row);
  double lat = 0, lon = 0;

  gw_place_input_get_location (self->place, &lat, &lon);
  json_object_set_string_member (report, "source",
                                 gw_case_source_to_string (desk_sources[MIN (source, G_N_ELEMENTS (desk_sources) - 1)]));
  json_object_set_double_member (report, "lat", lat);
  json_object_set_double_member (report, "lon", lon);
  json_object_set_string_member (report, "category", gw_category_get_code (self->category));
  json_object_set_string_member (report, "priority", gtk_switch_get_active (self->urgent_switch) ? "urgent" : "normal");
  set_text_member (report, "reporter", self->caller_entry);
  set_text_member (report, "reporter_phone", self->phone_entry);
  set_text_member (report, "description", self->description_entry);
  return report;
}

static void
on_reported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GwNewCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = gw_case_report_finish (GW_SESSION (object), result, &error);

  self->reporting = FALSE;
  if (id == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The case cannot be reported: %s"), error->message);

      show_error (self, text);
      update_report (self);
      return;
    }
  g_signal_emit (self, signals[REPORTED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_photos_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GwNewCaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GPtrArray) photos = gw_new_case_photos_read_finish (GW_NEW_CASE_PHOTOS (object), result, &error);

  if (photos == NULL)
    {
      self->reporting = FALSE;
      show_error (self, error->message);
      update_report (self);
      return;
    }
  report = build_report (self);
  gw_case_report_async (self->session, report, photos, NULL, on_reported, g_object_ref (self));
}

static void
report_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  GwNewCaseDialog *self = GW_NEW_CASE_DIALOG (widget);

  if (self->reporting || !self->category || !located (self) || !phone_ok (self))
    return;
  self->reporting = TRUE;
  show_error (self, NULL);
  update_report (self);
  /* Photos first: they are queued with the report, read and checked. */
  gw_new_case_photos_read_async (self->photos, self->cancellable, on_photos_read, g_object_ref (self));
}

static void
add_photos_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  gw_new_case_photos_choose (GW_NEW_CASE_DIALOG (widget)->photos, GTK_WINDOW (widget));
}

static void
on_photos_changed (GwNewCaseDialog *self)
{
  g_autofree char *text = gw_new_case_photos_describe (self->photos);

  adw_action_row_set_subtitle (self->photos_row, text);
}

/* ---- the widget ---- */

static void
gw_new_case_dialog_dispose (GObject *object)
{
  GwNewCaseDialog *self = GW_NEW_CASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->duplicates_lookup);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_NEW_CASE_DIALOG);
  g_clear_object (&self->duplicates_lookup);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->place);
  g_clear_object (&self->photos);
  g_clear_object (&self->session);
  g_clear_object (&self->category);
  g_clear_pointer (&self->category_matches, g_ptr_array_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  G_OBJECT_CLASS (gw_new_case_dialog_parent_class)->dispose (object);
}

static void
gw_new_case_dialog_class_init (GwNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_new_case_dialog_dispose;

  /* The stand-in's id: the case is in the outbox. */
  signals[REPORTED] = g_signal_new ("reported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (GW_TYPE_PLACE_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, sources);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, category_entry);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, category_list);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, place_entry);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, place_list);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, place_label);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, caller_entry);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, urgent_switch);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, description_entry);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, photos_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, picker);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, duplicates_list);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, report_button);
  gtk_widget_class_bind_template_callback (widget_class, on_category_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_category_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_category_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_place_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_caller_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_phone_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_description_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_duplicate_activated);
  gtk_widget_class_bind_template_callback (widget_class, update_report);

  gtk_widget_class_install_action (widget_class, "new-case.report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "new-case.add-photos", NULL, add_photos_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_new_case_dialog_init (GwNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->category_matches = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (desk_sources); i++)
    gtk_string_list_append (self->sources, gw_case_source_label (desk_sources[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->category_list), FALSE);
  show_duplicates (self, NULL, FALSE);
  update_report (self);
}

GwNewCaseDialog *
gw_new_case_dialog_new (GtkWindow        *parent,
                        GwSession        *session,
                        GwInspectionData *targets)
{
  GwNewCaseDialog *self = g_object_new (GW_TYPE_NEW_CASE_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  self->place = gw_place_input_new (session, targets, self->place_entry, self->place_list, self->place_label, self->picker);
  g_signal_connect_object (self->place, "located", G_CALLBACK (on_located), self, G_CONNECT_SWAPPED);
  self->photos = gw_new_case_photos_new ();
  g_signal_connect_object (self->photos, "changed", G_CALLBACK (on_photos_changed), self, G_CONNECT_SWAPPED);
  on_photos_changed (self);
  /* The fast path starts at the category: most calls are hotline calls. */
  gtk_widget_grab_focus (GTK_WIDGET (self->category_entry));
  return self;
}

void
gw_new_case_dialog_set_location (GwNewCaseDialog *self,
                                 double           lat,
                                 double           lon)
{
  g_return_if_fail (GW_IS_NEW_CASE_DIALOG (self));

  gw_place_input_set_location (self->place, lat, lon);
}

void
gw_new_case_dialog_add_photo (GwNewCaseDialog *self,
                              GFile           *file)
{
  g_return_if_fail (GW_IS_NEW_CASE_DIALOG (self));
  gw_new_case_photos_add_file (self->photos, file);
}

const char *
gw_new_case_dialog_get_category (GwNewCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), NULL);
  return self->category ? gw_category_get_code (self->category) : NULL;
}

gboolean
gw_new_case_dialog_get_location (GwNewCaseDialog *self,
                                 double          *lat,
                                 double          *lon)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), FALSE);

  return gw_place_input_get_location (self->place, lat, lon);
}

GPtrArray *
gw_new_case_dialog_get_duplicates (GwNewCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), NULL);
  return self->duplicates;
}

GtkWidget *
gw_new_case_dialog_get_duplicate_row (GwNewCaseDialog *self,
                                      guint            index)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->duplicates_list, index));
}
