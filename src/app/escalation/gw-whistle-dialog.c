/* gw-whistle-dialog.c: whistle a case up to the next level
 *
 * The dispatcher picks whom to call — the case's community, its town, or
 * a county department — and the item of the whistle list it falls under
 * (the case's category suggests one, and the item suggests the
 * department), and says why. The dialog says who is called, how soon they
 * must report and whether the level's head must approve first. "whistle"
 * is emitted with the action's parameters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-whistle-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-department.h"
#include "gw-escalation-rules.h"
#include "gw-grid.h"
#include "gw-ui-language.h"
#include "gw-whistle-dialog.h"
#include "gw-whistle-list.h"

struct _GwWhistleDialog
{
  AdwMessageDialog parent_instance;

  GtkDropDown *level;
  GtkDropDown *item;
  GtkDropDown *department;
  GtkEditable *reason;
  GtkLabel *called_label;
  GtkStringList *levels;
  GtkStringList *items;
  GtkStringList *department_names;

  GPtrArray *department_ids;
  GwWhistleList *list;
  const GwWhistleItem *suggested;  /* by the case's category; NULL: none */
  char *case_id;
  char *community_code, *community_name;
  gboolean grid_known;
  char *town_code, *town_name;
};

G_DEFINE_FINAL_TYPE (GwWhistleDialog, gw_whistle_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  WHISTLE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Level choices are community, town, county: GwLevel 1 to 3. */
static GwLevel
chosen_level (GwWhistleDialog *self)
{
  return gtk_drop_down_get_selected (self->level) + GW_LEVEL_COMMUNITY;
}

/* The first choice is "none yet": nothing is preselected unless the
 * case's category suggests an item, so a hurried dispatcher cannot send
 * the first item of the list by mistake. */
static const GwWhistleItem *
chosen_item (GwWhistleDialog *self)
{
  GwWhistleList *list = self->list;
  guint i = gtk_drop_down_get_selected (self->item);

  return list && i >= 1 && i - 1 < gw_whistle_list_get_n_items (list) ? gw_whistle_list_get_item (list, i - 1) : NULL;
}

static const char *
chosen_called (GwWhistleDialog *self)
{
  guint d = gtk_drop_down_get_selected (self->department);

  switch (chosen_level (self))
    {
    case GW_LEVEL_COMMUNITY: return self->community_code;
    case GW_LEVEL_TOWN: return self->town_code;
    case GW_LEVEL_COUNTY:
    case GW_LEVEL_GRID:
    default:
      return d < self->department_ids->len ? g_ptr_array_index (self->department_ids, d) : NULL;
    }
}

/* The county calls a department; the levels below, the case's own. */
static gboolean
is_county (gpointer instance,
           guint    selected)
{
  return selected + GW_LEVEL_COMMUNITY == GW_LEVEL_COUNTY;
}

static void
update (GwWhistleDialog *self)
{
  GwLevel level = chosen_level (self);
  const GwWhistleItem *item = chosen_item (self);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason)));
  const char *name = level == GW_LEVEL_COMMUNITY ? self->community_name : level == GW_LEVEL_TOWN ? self->town_name : NULL;

  if (level != GW_LEVEL_COUNTY && name != NULL)
    g_string_append_printf (text, _("Calls %s."), name);
  else if (level != GW_LEVEL_COUNTY)
    g_string_append (text, !self->grid_known ? _("The case's grid is not known.")
                                             : level == GW_LEVEL_COMMUNITY ? _("The case's grid lies in no community.")
                                                                           : _("The case's grid lies in no town."));
  if (item && item == self->suggested)
    {
      g_string_append (text, " ");
      /* Translators: why a whistle-list item was chosen for the dispatcher */
      g_string_append (text, _("The item is the one the whistle list gives for this case’s category."));
    }
  else if (item == NULL)
    {
      g_string_append (text, " ");
      g_string_append (text, _("Choose the whistle-list item the case falls under."));
    }
  if (item)
    {
      g_string_append (text, " ");
      if (item->report_unit == GW_REPORT_SAME_DAY)
        g_string_append (text, _("The report is due the same working day."));
      else
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "The report is due within %u working day.",
                                                   "The report is due within %u working days.", item->report_value),
                                item->report_value);
    }
  if (gw_escalation_rules_needs_approval (level))
    {
      g_string_append (text, " ");
      g_string_append (text, level == GW_LEVEL_TOWN ? _("The head of the community must approve it first.")
                                                     : _("The head of the town must approve it first."));
    }
  gtk_label_set_text (self->called_label, text->str);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "whistle",
                                           chosen_called (self) != NULL && item != NULL && *reason != '\0');
}

/* The item suggests the department that reports for it. */
static void
on_item_changed (GwWhistleDialog *self)
{
  const GwWhistleItem *item = chosen_item (self);

  for (guint i = 0; item && item->department && i < self->department_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->department_ids, i), item->department))
      gtk_drop_down_set_selected (self->department, i);
  update (self);
}

/* The case whistled. */
const char *
gw_whistle_dialog_get_case_id (GwWhistleDialog *self)
{
  g_return_val_if_fail (GW_IS_WHISTLE_DIALOG (self), NULL);
  return self->case_id;
}

JsonObject *
gw_whistle_dialog_get_params (GwWhistleDialog *self)
{
  JsonObject *params = json_object_new ();
  const GwWhistleItem *item = chosen_item (self);

  json_object_set_string_member (params, "to_level", gw_level_to_string (chosen_level (self)));
  json_object_set_string_member (params, "called", chosen_called (self) ? chosen_called (self) : "");
  json_object_set_string_member (params, "item", item ? item->code : "");
  json_object_set_string_member (params, "reason", gtk_editable_get_text (self->reason));
  return params;
}

static void
gw_whistle_dialog_response (AdwMessageDialog *dialog,
                            const char       *response)
{
  GwWhistleDialog *self = GW_WHISTLE_DIALOG (dialog);

  if (g_str_equal (response, "whistle"))
    {
      g_autoptr(JsonObject) params = gw_whistle_dialog_get_params (self);

      g_signal_emit (self, signals[WHISTLE], 0, params);
    }
}

static void
gw_whistle_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_WHISTLE_DIALOG);

  G_OBJECT_CLASS (gw_whistle_dialog_parent_class)->dispose (object);
}

static void
gw_whistle_dialog_finalize (GObject *object)
{
  GwWhistleDialog *self = (GwWhistleDialog *) object;

  g_clear_pointer (&self->department_ids, g_ptr_array_unref);
  g_free (self->case_id);
  g_free (self->community_code);
  g_free (self->community_name);
  g_free (self->town_code);
  g_free (self->town_name);

  g_clear_object (&self->list);

  G_OBJECT_CLASS (gw_whistle_dialog_parent_class)->finalize (object);
}

static void
gw_whistle_dialog_class_init (GwWhistleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_whistle_dialog_dispose;
  object_class->finalize = gw_whistle_dialog_finalize;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = gw_whistle_dialog_response;

  /* The whistle action's parameters, as a JSON object. */
  signals[WHISTLE] = g_signal_new ("whistle", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-whistle-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, level);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, item);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, department);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, reason);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, called_label);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, levels);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, items);
  gtk_widget_class_bind_template_child (widget_class, GwWhistleDialog, department_names);
  gtk_widget_class_bind_template_callback (widget_class, update);
  gtk_widget_class_bind_template_callback (widget_class, on_item_changed);
  gtk_widget_class_bind_template_callback (widget_class, is_county);
}

static void
gw_whistle_dialog_init (GwWhistleDialog *self)
{
  self->department_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The choices that do not depend on the case. */
  gtk_string_list_append (self->levels, gw_level_label (GW_LEVEL_COMMUNITY));
  gtk_string_list_append (self->levels, gw_level_label (GW_LEVEL_TOWN));
  gtk_string_list_append (self->levels, gw_level_label (GW_LEVEL_COUNTY));
  gtk_string_list_append (self->items, _("Choose an item…"));
}

static void
add_items (GwWhistleDialog *self,
           GwWhistleList   *list)
{
  gboolean chinese = gw_ui_language_is_chinese (NULL);

  self->list = g_object_ref (list);
  for (guint i = 0; i < gw_whistle_list_get_n_items (list); i++)
    {
      const GwWhistleItem *item = gw_whistle_list_get_item (list, i);
      g_autofree char *name = g_strdup_printf ("%s · %s", chinese ? item->category_name : item->category_name_en,
                                               chinese ? item->name : item->name_en);

      gtk_string_list_append (self->items, name);
    }
}

/* For @kase: its community and town are found in @grids (code ->
 * GwGrid: gw_reference_data_get_grid_index()), the county's departments
 * are @departments (GwDepartment), the items are @list's. */
GtkWidget *
gw_whistle_dialog_new (GtkWindow     *parent,
                       GwCase        *kase,
                       GHashTable    *grids,
                       GPtrArray     *departments,
                       GwWhistleList *list)
{
  GwWhistleDialog *self = g_object_new (GW_TYPE_WHISTLE_DIALOG, "transient-for", parent, NULL);
  const GwWhistleItem *suggested = gw_whistle_list_suggest (list, gw_case_get_data (kase)->category);
  GwGrid *grid = grids && gw_case_get_data (kase)->grid ? g_hash_table_lookup (grids, gw_case_get_data (kase)->grid) : NULL;
  GwGrid *community = grid ? gw_grid_find_ancestor (grid, grids, GW_GRID_LEVEL_COMMUNITY) : NULL;
  GwGrid *town = grid ? gw_grid_find_ancestor (grid, grids, GW_GRID_LEVEL_TOWN) : NULL;
  g_autofree char *body = g_strdup_printf (_("Case %s: ask the next level to report and act."), gw_case_get_id (kase));
  guint suggested_index = 0;

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  add_items (self, list);
  self->case_id = g_strdup (gw_case_get_id (kase));
  self->grid_known = grid != NULL;
  if (community)
    {
      self->community_code = g_strdup (gw_grid_get_code (community));
      self->community_name = g_strdup (gw_grid_get_name (community));
    }
  if (town)
    {
      self->town_code = g_strdup (gw_grid_get_code (town));
      self->town_name = g_strdup (gw_grid_get_name (town));
    }
  self->suggested = suggested;
  for (guint i = 0; i < gw_whistle_list_get_n_items (list); i++)
    if (suggested && gw_whistle_list_get_item (list, i) == suggested)
      suggested_index = i + 1;
  for (guint i = 0; departments && i < departments->len; i++)
    {
      GwDepartment *d = g_ptr_array_index (departments, i);

      g_ptr_array_add (self->department_ids, g_strdup (gw_department_get_id (d)));
      gtk_string_list_append (self->department_names, gw_department_get_display_name (d));
    }

  gtk_drop_down_set_selected (self->item, suggested_index);
  on_item_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason));
  return GTK_WIDGET (self);
}
