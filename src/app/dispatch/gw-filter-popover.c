/* gw-filter-popover.c: the controls of the shared case filter
 *
 * Every control writes straight into the GwCaseFilter, which the map and
 * the case list both listen to; the controls also follow the filter, so a
 * reset from anywhere shows here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-filter-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-category.h"
#include "gw-filter-popover.h"
#include "gw-ui-language.h"

struct _GwFilterPopover
{
  GtkPopover parent_instance;
  GwCaseFilter *filter;
  GtkWidget *stages[GW_CASE_N_STAGES];
  GtkWidget *sources[GW_CASE_N_SOURCES];
  GtkWidget *urgent;
  GtkWidget *overdue;
  GtkDropDown *window;
  GtkDropDown *category;
  GtkStringList *category_names;
  GPtrArray *category_codes;    /* parallel to category_names; NULL for all */
  GtkWidget *grid;
  char *grid_code;
  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (GwFilterPopover, gw_filter_popover, GTK_TYPE_POPOVER)

static const guint windows[] = { 0, 3600, 24 * 3600, 7 * 24 * 3600, 30 * 24 * 3600 };

static const char *
stage_label (guint index)
{
  switch (1u << index)
    {
    case GW_CASE_STAGE_NEW: return _("New");
    case GW_CASE_STAGE_DISPATCH: return _("With the dispatcher");
    case GW_CASE_STAGE_HANDLING: return _("Being handled");
    case GW_CASE_STAGE_HANDLED: return _("Handled, to close");
    case GW_CASE_STAGE_HELD: return _("Suspended or registered");
    case GW_CASE_STAGE_CLOSED: return _("Closed");
    default: return "";
    }
}

guint
gw_filter_popover_count_active (GwCaseFilter *filter)
{
  return (gw_case_filter_get_stages (filter) != GW_CASE_STAGES_OPEN) + (gw_case_filter_get_sources (filter) != 0) +
         (gw_case_filter_get_category (filter) != NULL) + gw_case_filter_get_urgent_only (filter) +
         gw_case_filter_get_overdue_only (filter) + (gw_case_filter_get_window (filter) != 0) +
         (gw_case_filter_get_grid (filter) != NULL);
}

static void
sync_from_filter (GwFilterPopover *self)
{
  guint stages = gw_case_filter_get_stages (self->filter);
  guint sources = gw_case_filter_get_sources (self->filter);
  const char *category = gw_case_filter_get_category (self->filter);

  self->syncing = TRUE;
  for (guint i = 0; i < GW_CASE_N_STAGES; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->stages[i]), stages & (1u << i));
  for (guint i = 0; i < GW_CASE_N_SOURCES; i++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->sources[i]), sources & (1u << i));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->urgent), gw_case_filter_get_urgent_only (self->filter));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->overdue), gw_case_filter_get_overdue_only (self->filter));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->grid), gw_case_filter_get_grid (self->filter) != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    if (windows[i] == gw_case_filter_get_window (self->filter))
      gtk_drop_down_set_selected (self->window, i);
  gtk_drop_down_set_selected (self->category, 0);
  for (guint i = 1; category && i < self->category_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->category_codes, i), category) == 0)
      gtk_drop_down_set_selected (self->category, i);
  self->syncing = FALSE;
}

static void
on_control_changed (GwFilterPopover *self)
{
  guint stages = 0, sources = 0, category;

  if (self->syncing)
    return;

  for (guint i = 0; i < GW_CASE_N_STAGES; i++)
    stages |= gtk_check_button_get_active (GTK_CHECK_BUTTON (self->stages[i])) ? 1u << i : 0;
  for (guint i = 0; i < GW_CASE_N_SOURCES; i++)
    sources |= gtk_check_button_get_active (GTK_CHECK_BUTTON (self->sources[i])) ? 1u << i : 0;
  category = gtk_drop_down_get_selected (self->category);

  g_object_freeze_notify (G_OBJECT (self->filter));
  gw_case_filter_set_stages (self->filter, stages);
  /* Every source ticked is the same as none: any source. */
  gw_case_filter_set_sources (self->filter, sources == (1u << GW_CASE_N_SOURCES) - 1 ? 0 : sources);
  gw_case_filter_set_urgent_only (self->filter, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->urgent)));
  gw_case_filter_set_overdue_only (self->filter, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->overdue)));
  gw_case_filter_set_window (self->filter, windows[MIN (gtk_drop_down_get_selected (self->window), G_N_ELEMENTS (windows) - 1)]);
  gw_case_filter_set_category (self->filter, category < self->category_codes->len ? g_ptr_array_index (self->category_codes, category) : NULL);
  gw_case_filter_set_grid (self->filter, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->grid)) ? self->grid_code : NULL);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

static void
reset_clicked (GwFilterPopover *self)
{
  gw_case_filter_reset (self->filter);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  return label;
}

static GtkWidget *
check (GwFilterPopover *self,
       const char      *label)
{
  GtkWidget *button = gtk_check_button_new_with_label (label);

  g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_control_changed), self);
  return button;
}

static void
gw_filter_popover_dispose (GObject *object)
{
  GwFilterPopover *self = (GwFilterPopover *) object;

  if (self->filter)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->category_codes, g_ptr_array_unref);
  g_clear_pointer (&self->grid_code, g_free);

  G_OBJECT_CLASS (gw_filter_popover_parent_class)->dispose (object);
}

static void
gw_filter_popover_class_init (GwFilterPopoverClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_filter_popover_dispose;
}

static void
gw_filter_popover_init (GwFilterPopover *self)
{
  static const char *window_labels[] = { N_("Any time"), N_("Last hour"), N_("Last 24 hours"),
                                         N_("Last 7 days"), N_("Last 30 days"), NULL };
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Show All Open Cases"));
  g_autoptr(GtkStringList) window_names = gtk_string_list_new (NULL);

  gtk_box_append (GTK_BOX (left), heading (_("State")));
  for (guint i = 0; i < GW_CASE_N_STAGES; i++)
    gtk_box_append (GTK_BOX (left), self->stages[i] = check (self, stage_label (i)));

  gtk_box_append (GTK_BOX (left), heading (_("Priority and Time")));
  gtk_box_append (GTK_BOX (left), self->urgent = check (self, _("Urgent only")));
  gtk_box_append (GTK_BOX (left), self->overdue = check (self, _("Overdue only")));
  for (guint i = 0; window_labels[i]; i++)
    gtk_string_list_append (window_names, _(window_labels[i]));
  self->window = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (window_names)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window), _("Reported within"));
  g_signal_connect_swapped (self->window, "notify::selected", G_CALLBACK (on_control_changed), self);
  gtk_box_append (GTK_BOX (left), GTK_WIDGET (self->window));

  gtk_box_append (GTK_BOX (right), heading (_("Source")));
  for (guint i = 0; i < GW_CASE_N_SOURCES; i++)
    gtk_box_append (GTK_BOX (right), self->sources[i] = check (self, gw_case_source_label (i)));

  gtk_box_append (GTK_BOX (right), heading (_("Category and Grid")));
  self->category_names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->category_names, _("All categories"));
  self->category_codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->category_codes, NULL);
  self->category = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->category_names), NULL));
  gtk_drop_down_set_enable_search (self->category, TRUE);
  g_signal_connect_swapped (self->category, "notify::selected", G_CALLBACK (on_control_changed), self);
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->category));
  self->grid = check (self, _("Only the selected grid"));
  gtk_widget_set_sensitive (self->grid, FALSE);
  gtk_box_append (GTK_BOX (right), self->grid);

  gtk_box_append (GTK_BOX (columns), left);
  gtk_box_append (GTK_BOX (columns), right);
  gtk_box_append (GTK_BOX (outer), columns);
  g_signal_connect_swapped (reset, "clicked", G_CALLBACK (reset_clicked), self);
  gtk_box_append (GTK_BOX (outer), reset);
  gtk_popover_set_child (GTK_POPOVER (self), outer);
}

GtkWidget *
gw_filter_popover_new (GwCaseFilter *filter)
{
  GwFilterPopover *self = g_object_new (GW_TYPE_FILTER_POPOVER, NULL);

  self->filter = g_object_ref (filter);
  g_signal_connect_swapped (filter, "changed", G_CALLBACK (sync_from_filter), self);
  sync_from_filter (self);
  return GTK_WIDGET (self);
}

/* The category drop-down offers the major classes, then each category. */
void
gw_filter_popover_set_categories (GwFilterPopover *self,
                                  GPtrArray       *categories)
{
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  g_autoptr(GHashTable) majors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_if_fail (GW_IS_FILTER_POPOVER (self));

  g_ptr_array_set_size (self->category_codes, 1);
  g_strv_builder_add (names, _("All categories"));
  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));
      g_autofree char *major = g_strndup (info->code, 3);
      g_autofree char *indented = g_strdup_printf ("    %s", chinese ? info->name : info->name_en);

      if (!g_hash_table_contains (majors, major))
        {
          g_autofree char *name = g_strdup_printf ("%s (%s)", chinese ? info->major_name : info->major_name_en,
                                                   info->kind == GW_CATEGORY_KIND_COMPONENT ? _("component") : _("event"));

          g_strv_builder_add (names, name);
          g_hash_table_add (majors, g_strdup (major));
          g_ptr_array_add (self->category_codes, g_steal_pointer (&major));
        }
      g_strv_builder_add (names, indented);
      g_ptr_array_add (self->category_codes, g_strdup (info->code));
    }
  strv = g_strv_builder_end (names);

  self->syncing = TRUE;
  gtk_string_list_splice (self->category_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->category_names)),
                          (const char * const *) strv);
  self->syncing = FALSE;
  sync_from_filter (self);
}

void
gw_filter_popover_set_grid (GwFilterPopover *self,
                            const char      *code,
                            const char      *name)
{
  g_autofree char *label = NULL;

  g_return_if_fail (GW_IS_FILTER_POPOVER (self));

  g_free (self->grid_code);
  self->grid_code = g_strdup (code);
  label = code ? g_strdup_printf (_("Only %s"), name ? name : code) : g_strdup (_("Only the selected grid"));
  gtk_check_button_set_label (GTK_CHECK_BUTTON (self->grid), label);
  gtk_widget_set_sensitive (self->grid, code != NULL || gw_case_filter_get_grid (self->filter) != NULL);
  if (gw_case_filter_get_grid (self->filter) != NULL && code != NULL)
    gw_case_filter_set_grid (self->filter, code);
}
