/* gw-queue-keys.c: End and Page Down in a queue shorter than its rows
 *
 * The queue's list keeps hidden placeholder rows past its last case, so
 * that GTK does not destroy and rebuild rows (gw-queue-model.c). GTK's
 * End and Page Down aim at the list's last position, or a page further,
 * which can be a placeholder that takes no focus: the key then did
 * nothing. While there are placeholders these keys are taken before
 * GTK's and go to the last case, or a page down but no further, as they
 * do in a list without placeholders; Shift extends the selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-queue-keys"

#include "config.h"

#include "gw-queue-keys.h"

typedef enum
{
  TO_END,
  PAGE_DOWN,
} Move;

/* The case the focus is on, or the last selected: where a page starts. */
static guint
current_position (GwQueueModel *model)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (model));

  return gtk_bitset_is_empty (selected) ? 0 : gtk_bitset_get_maximum (selected);
}

/* Rows in a page: only cases' rows have a height. */
static guint
rows_per_page (GtkColumnView *view,
               guint          n_shown)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  double upper = adjustment ? gtk_adjustment_get_upper (adjustment) : 0;

  if (upper <= 0 || n_shown == 0)
    return 1;
  return MAX (1, (guint) (gtk_adjustment_get_page_size (adjustment) / (upper / n_shown)));
}

static void
focus_row (GtkColumnView *view,
           GwQueueModel  *model,
           guint          position)
{
  g_autoptr(GwQueueRow) row = g_list_model_get_item (G_LIST_MODEL (model), position);

  gtk_widget_activate_action (GTK_WIDGET (view), "list.scroll-to-item", "u", position);
  if (row && gw_queue_row_get_widget (row))
    gtk_widget_grab_focus (gw_queue_row_get_widget (row));
}

static gboolean
move (GtkWidget *widget,
      GVariant  *args,
      gpointer   user_data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (widget);
  GwQueueModel *model = GW_QUEUE_MODEL (gtk_column_view_get_model (view));
  guint n = gw_queue_model_get_n_shown (model);
  gboolean extend;
  Move how;
  guint from, to;

  /* No placeholders: GTK's own keys do it. */
  if (n == 0 || n == g_list_model_get_n_items (G_LIST_MODEL (model)))
    return FALSE;
  g_variant_get (args, "(ib)", &how, &extend);
  from = current_position (model);
  to = how == TO_END ? n - 1 : MIN (n - 1, from + rows_per_page (view, n));
  focus_row (view, model, to);
  if (extend)
    gtk_selection_model_select_range (GTK_SELECTION_MODEL (model), MIN (from, to), MAX (from, to) - MIN (from, to) + 1, TRUE);
  else
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), to, TRUE);
  return TRUE;
}

static void
add_key (GtkShortcutController *controller,
         const char            *keys,
         Move                   how,
         gboolean               extend)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new_with_arguments (gtk_shortcut_trigger_parse_string (keys),
                                                                         gtk_callback_action_new (move, NULL, NULL),
                                                                         "(ib)", how, extend));
}

/* Before GTK's own keys, in @view over @model. */
void
gw_queue_keys_attach (GtkColumnView *view,
                      GwQueueModel  *model)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (GW_IS_QUEUE_MODEL (model));

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_key (GTK_SHORTCUT_CONTROLLER (controller), "End|KP_End", TO_END, FALSE);
  add_key (GTK_SHORTCUT_CONTROLLER (controller), "<Shift>End|<Shift>KP_End", TO_END, TRUE);
  add_key (GTK_SHORTCUT_CONTROLLER (controller), "Page_Down|KP_Page_Down", PAGE_DOWN, FALSE);
  add_key (GTK_SHORTCUT_CONTROLLER (controller), "<Shift>Page_Down|<Shift>KP_Page_Down", PAGE_DOWN, TRUE);
  gtk_widget_add_controller (GTK_WIDGET (view), controller);
}
