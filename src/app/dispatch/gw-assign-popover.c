/* gw-assign-popover.c: whom to assign a case to, best first
 *
 * The dispatch page's ranked suggestions for one case, the first few;
 * typing searches all of them, for someone the ranking put far off (an
 * override). A row is the "dispatch.assign-to" action with the case and
 * the assignee, so Enter on the first assigns it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-assign-popover"

#include "config.h"

#include <adwaita.h>

#include "gw-assign-popover.h"
#include "gw-assignment.h"

/* Far-off workers are noise in a list a dispatcher reads. */
#define SHOWN_SUGGESTIONS 8

struct _GwAssignPopover
{
  GtkPopover parent_instance;

  GtkEditable *search;
  GtkListBox *list;

  char *case_id;
  GPtrArray *ranked;            /* GwSuggestion */
  guint n_shown;
};

G_DEFINE_FINAL_TYPE (GwAssignPopover, gw_assign_popover, GTK_TYPE_POPOVER)

static gboolean
matches (const GwSuggestion *s,
         const char         *needle)
{
  g_autofree char *name = NULL, *assignee = NULL;

  if (*needle == '\0')
    return TRUE;
  name = g_utf8_casefold (s->name ? s->name : "", -1);
  assignee = g_utf8_casefold (s->assignee, -1);
  return strstr (name, needle) || strstr (assignee, needle);
}

static void
fill (GwAssignPopover *self)
{
  g_autofree char *needle = g_utf8_casefold (gtk_editable_get_text (self->search), -1);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  self->n_shown = 0;
  for (guint i = 0; self->ranked && i < self->ranked->len && self->n_shown < SHOWN_SUGGESTIONS; i++)
    {
      GwSuggestion *s = g_ptr_array_index (self->ranked, i);
      GtkWidget *row;

      if (!matches (s, needle))
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), s->reasons);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", self->case_id, s->assignee);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "dispatch.assign-to");
      gtk_list_box_append (self->list, row);
      self->n_shown++;
    }
}

static void
gw_assign_popover_show (GtkWidget *widget)
{
  GwAssignPopover *self = GW_ASSIGN_POPOVER (widget);
  GtkWidget *first = GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, 0));

  GTK_WIDGET_CLASS (gw_assign_popover_parent_class)->show (widget);
  /* The first suggestion is one Enter away; typing searches. */
  gtk_widget_grab_focus (first ? first : GTK_WIDGET (self->search));
}

static void
gw_assign_popover_dispose (GObject *object)
{
  GwAssignPopover *self = GW_ASSIGN_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_ASSIGN_POPOVER);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->ranked, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_assign_popover_parent_class)->dispose (object);
}

static void
gw_assign_popover_class_init (GwAssignPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_assign_popover_dispose;
  widget_class->show = gw_assign_popover_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-assign-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, GwAssignPopover, search);
  gtk_widget_class_bind_template_child (widget_class, GwAssignPopover, list);
  gtk_widget_class_bind_template_callback (widget_class, fill);
}

static void
gw_assign_popover_init (GwAssignPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* For @case_id, from @ranked (GwSuggestion, best first). */
GtkWidget *
gw_assign_popover_new (const char *case_id,
                       GPtrArray  *ranked)
{
  GwAssignPopover *self = g_object_new (GW_TYPE_ASSIGN_POPOVER, NULL);

  self->case_id = g_strdup (case_id);
  self->ranked = g_ptr_array_ref (ranked);
  fill (self);
  return GTK_WIDGET (self);
}

const char *
gw_assign_popover_get_case_id (GwAssignPopover *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_POPOVER (self), NULL);
  return self->case_id;
}

/* How many suggestions the list shows now. */
guint
gw_assign_popover_get_n_shown (GwAssignPopover *self)
{
  g_return_val_if_fail (GW_IS_ASSIGN_POPOVER (self), 0);
  return self->n_shown;
}
