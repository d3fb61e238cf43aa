/* gw-card-button.c: a button on a map card that acts through the window
 *
 * A card is a popover made for the moment and parented to the map view;
 * the window's actions ("win.case-act", "win.open-case", …) are not
 * always found through the action muxers from there (a popover made and
 * parented late misses a link of the chain), so a card's button asks its
 * window directly, then closes its card.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-card-button"

#include "config.h"

#include "gw-card-button.h"

typedef struct
{
  char *action;
  GVariant *target;
} Bound;

static void
bound_free (gpointer data,
            GClosure *closure)
{
  Bound *bound = data;

  g_free (bound->action);
  g_clear_pointer (&bound->target, g_variant_unref);
  g_free (bound);
}

static void
on_clicked (GtkButton *button,
            Bound     *bound)
{
  GtkWidget *card = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  /* Held: closing the card lets go of the button. */
  g_object_ref (button);
  if (root && !gtk_widget_activate_action_variant (GTK_WIDGET (root), bound->action, bound->target))
    g_warning ("No action %s for a card's button", bound->action);
  if (card)
    gtk_popover_popdown (GTK_POPOVER (card));
  g_object_unref (button);
}

/* @target: may be NULL; floating references are taken. */
void
gw_card_button_bind (GtkButton  *button,
                     const char *action,
                     GVariant   *target)
{
  Bound *bound = g_new0 (Bound, 1);

  g_return_if_fail (GTK_IS_BUTTON (button));

  bound->action = g_strdup (action);
  bound->target = target ? g_variant_ref_sink (target) : NULL;
  g_signal_connect_data (button, "clicked", G_CALLBACK (on_clicked), bound, bound_free, 0);
}
