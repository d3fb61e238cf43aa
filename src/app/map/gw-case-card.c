/* gw-case-card.c: a case at a glance, at its symbol on the map
 *
 * What a dispatcher asks of a case they point at: what it is, where,
 * how far along, how long it has left and who has it — by name — with
 * the few actions that move it on. The buttons are the window's
 * "win.case-act", which hands over to the dispatch page's actions, so a case acted on
 * here goes the way it goes from the panel. Enter opens the whole case.
 * Whoever makes the card gives the names and the actions; the card only
 * shows them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-card"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-card-button.h"
#include "gw-case-card.h"
#include "gw-case-labels.h"

struct _GwCaseCard
{
  GtkPopover parent_instance;

  GtkLabel *category_label;
  GtkLabel *id_label;
  GtkLabel *place_label;
  GtkLabel *state_label;
  GtkLabel *time_label;
  GtkLabel *assignee_label;
  GtkBox *actions;
  GtkWidget *open_button;

  char *case_id;
};

G_DEFINE_FINAL_TYPE (GwCaseCard, gw_case_card, GTK_TYPE_POPOVER)

/* The Open button, however the focus lies: its action and closing. */
static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  gtk_widget_activate (GW_CASE_CARD (widget)->open_button);
}

static void
gw_case_card_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gw_case_card_parent_class)->map (widget);
  gtk_widget_grab_focus (GW_CASE_CARD (widget)->open_button);
}

static void
gw_case_card_finalize (GObject *object)
{
  g_free (GW_CASE_CARD (object)->case_id);
  G_OBJECT_CLASS (gw_case_card_parent_class)->finalize (object);
}

static void
gw_case_card_class_init (GwCaseCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_case_card_finalize;
  widget_class->map = gw_case_card_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-case-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, category_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, id_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, place_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, state_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, time_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, assignee_label);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, actions);
  gtk_widget_class_bind_template_child (widget_class, GwCaseCard, open_button);

  /* Enter wherever the focus is in the card: the whole case. */
  gtk_widget_class_install_action (widget_class, "card.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "card.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "card.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_ISO_Enter, 0, "card.open", NULL);
}

static void
gw_case_card_init (GwCaseCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @actions: the case actions to offer, the first the one most likely
 * wanted; at most three are shown. */
GtkWidget *
gw_case_card_new (GwCase             *kase,
                  const char         *category_name,
                  const char         *place,
                  const char         *assignee_name,
                  const char * const *actions)
{
  GwCaseCard *self;
  const GwCaseData *d;
  g_autofree char *left = NULL;

  g_return_val_if_fail (GW_IS_CASE (kase), NULL);

  self = g_object_new (GW_TYPE_CASE_CARD, NULL);
  d = gw_case_get_data (kase);
  self->case_id = g_strdup (gw_case_get_id (kase));
  left = gw_case_time_left_label (kase, g_get_real_time () / G_USEC_PER_SEC);

  gtk_label_set_text (self->category_label, category_name ? category_name : d->category);
  gtk_label_set_text (self->id_label, self->case_id);
  gtk_label_set_text (self->place_label, place && *place ? place : "—");
  gtk_label_set_text (self->state_label, gw_case_status_label (d->status));
  gtk_label_set_text (self->time_label, left);
  gtk_label_set_text (self->assignee_label, assignee_name ? assignee_name : "—");
  gw_card_button_bind (GTK_BUTTON (self->open_button), "win.open-case", g_variant_new_string (self->case_id));

  for (guint i = 0; actions && actions[i] && i < 3; i++)
    {
      g_autofree char *name = gw_case_action_name (actions[i]);
      GtkWidget *button = gtk_button_new_with_label (name);

      gw_card_button_bind (GTK_BUTTON (button), "win.case-act", g_variant_new ("(ss)", self->case_id, actions[i]));
      if (i == 0)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_box_append (self->actions, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions), actions && actions[0]);
  gtk_popover_set_default_widget (GTK_POPOVER (self), self->open_button);
  return GTK_WIDGET (self);
}

const char *
gw_case_card_get_case_id (GwCaseCard *self)
{
  g_return_val_if_fail (GW_IS_CASE_CARD (self), NULL);
  return self->case_id;
}

/* What the card says, line by line: for tests and screen readers' checks. */
char *
gw_case_card_get_text (GwCaseCard *self)
{
  g_return_val_if_fail (GW_IS_CASE_CARD (self), NULL);
  return g_strjoin ("\n", gtk_label_get_text (self->category_label), gtk_label_get_text (self->place_label),
                    gtk_label_get_text (self->state_label), gtk_label_get_text (self->time_label),
                    gtk_label_get_text (self->assignee_label), NULL);
}
