/* test-queue-rows.c: the queue's rows after a change, scrolled into view and at its end
 *
 * GTK keeps some two hundred of the queue's rows bound and maps only
 * those near the view; a change gives the others their new cases without
 * telling their cells, which catch up when they are mapped
 * (gw-queue-row.c). Rows past the last case are hidden placeholders that
 * take no focus (gw-queue-cell.c). So: rows scrolled into view after a
 * change show the cases of the view now chosen, never those of the view
 * before; and the keys stop at the last case, not on a placeholder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gw-app-test-util.h"
#include "gw-case-queue.h"
#include "gw-queue-text.h"

#define N_CASES 600

typedef struct
{
  GPtrArray *cases;
  GwCaseModel *model;
  GwCaseFilter *filter;
  GtkWidget *window;
  GwCaseQueue *queue;
} Queue;

/* Even cases are new, odd ones dispatched; in grid 001 one in a hundred. */
static void
queue_open (Queue *q)
{
  q->cases = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autofree char *id = g_strdup_printf ("GW20261123-%06u", i);
      g_autofree char *at = g_strdup_printf ("2026-11-20T%02u:%02u:00+08:00", (i / 60) % 24, i % 60);
      GwCaseData d = {
        .id = id, .status = i % 2 ? GW_CASE_STATUS_DISPATCHED : GW_CASE_STATUS_REPORTED,
        .category = (char *) "C0101", .grid = (char *) (i % 100 == 0 ? "370883001001" : "370883002001"),
        .description = (char *) "test", .reported_at = at, .version = 1,
      };

      g_ptr_array_add (q->cases, gw_case_new (&d));
    }
  q->model = gw_case_model_new ();
  gw_case_model_update (q->model, q->cases);
  q->filter = gw_case_filter_new ();
  q->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (q->window), 1200, 800);
  q->queue = g_object_new (GW_TYPE_CASE_QUEUE, NULL);
  gtk_window_set_child (GTK_WINDOW (q->window), GTK_WIDGET (q->queue));
  gw_case_queue_set_model (q->queue, q->model, q->filter);
  gtk_window_present (GTK_WINDOW (q->window));
  gw_app_test_wait_drawn (GTK_WIDGET (q->queue));
  g_assert_cmpuint (gw_case_queue_get_n_shown (q->queue), ==, N_CASES);
  gw_app_test_wait_drawn (GTK_WIDGET (q->queue));
}

static void
queue_close (Queue *q)
{
  gtk_window_destroy (GTK_WINDOW (q->window));
  g_clear_object (&q->filter);
  g_clear_object (&q->model);
  g_clear_pointer (&q->cases, g_ptr_array_unref);
}

static GtkAdjustment *
list_adjustment (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget))
    return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkAdjustment *adjustment = list_adjustment (child);

      if (adjustment)
        return adjustment;
    }
  return NULL;
}

/* The case numbers the mapped cells of the Case column show, by parity. */
static void
count_shown (GtkWidget *widget,
             guint     *even,
             guint     *odd)
{
  const char *text;

  if (GW_IS_QUEUE_TEXT (widget) && gtk_widget_get_mapped (widget) &&
      (text = gw_queue_text_get_text (GW_QUEUE_TEXT (widget))) && g_str_has_prefix (text, "GW20261123-"))
    {
      if (g_ascii_strtoull (text + strlen ("GW20261123-"), NULL, 10) % 2)
        (*odd)++;
      else
        (*even)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    count_shown (child, even, odd);
}

static void
test_scrolled_rows (void)
{
  Queue q = { 0 };
  GtkAdjustment *adjustment;

  queue_open (&q);
  adjustment = list_adjustment (GTK_WIDGET (q.queue));
  g_assert_nonnull (adjustment);
  /* New, All Open, New again: each change leaves most bound rows out of
   * view, then a few screens are scrolled through. */
  for (guint round = 0; round < 3; round++)
    {
      gboolean only_new = round != 1;

      gw_case_queue_set_view (q.queue, only_new ? GW_QUEUE_VIEW_NEW : GW_QUEUE_VIEW_OPEN);
      g_assert_cmpuint (gw_case_queue_get_n_shown (q.queue), ==, only_new ? N_CASES / 2 : N_CASES);
      gw_app_test_wait_drawn (GTK_WIDGET (q.queue));
      for (guint step = 0; step < 6; step++)
        {
          guint even = 0, odd = 0;

          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                                gtk_adjustment_get_page_size (adjustment) * 0.4);
          gw_app_test_wait_drawn (GTK_WIDGET (q.queue));
          count_shown (GTK_WIDGET (q.queue), &even, &odd);
          g_assert_cmpuint (even, >, 10);
          if (only_new)
            g_assert_cmpuint (odd, ==, 0);
          else
            g_assert_cmpuint (odd, >, 10);
        }
      gtk_adjustment_set_value (adjustment, 0);
    }
  queue_close (&q);
}

static char *
selected (Queue *q)
{
  g_auto(GStrv) ids = gw_case_queue_get_selected (q->queue);

  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  return g_strdup (ids[0]);
}

static gboolean
focus_on_a_case (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  for (GtkWidget *w = focus; w; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return FALSE;
  return focus != NULL;
}

static void
press (Queue      *q,
       const char *keys,
       const char *expected)
{
  g_autofree char *command = g_strdup_printf ("key --clearmodifiers %s", keys);
  g_autofree char *now = NULL;

  gw_app_test_keys (GTK_WINDOW (q->window), command);
  gw_app_test_wait_drawn (GTK_WIDGET (q->queue));
  now = selected (q);
  g_assert_cmpstr (now, ==, expected);
  g_assert_true (focus_on_a_case (q->window));
}

/* Six cases in grid 001, then some two hundred placeholders. */
static void
test_keys_stop_at_last_case (void)
{
  Queue q = { 0 };

  queue_open (&q);
  gw_case_filter_set_grid (q.filter, "370883001");
  g_assert_cmpuint (gw_case_queue_get_n_shown (q.queue), ==, N_CASES / 100);
  g_assert_true (gw_case_queue_select (q.queue, "GW20261123-000000"));
  gtk_widget_grab_focus (GTK_WIDGET (q.queue));
  gw_app_test_wait_drawn (GTK_WIDGET (q.queue));

  press (&q, "End", "GW20261123-000500");
  press (&q, "Down", "GW20261123-000500");
  press (&q, "shift+Down", "GW20261123-000500");
  press (&q, "Up", "GW20261123-000400");
  press (&q, "Home", "GW20261123-000000");
  press (&q, "Page_Down", "GW20261123-000500");
  press (&q, "Down", "GW20261123-000500");
  queue_close (&q);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/queue-rows/scrolled-into-view", test_scrolled_rows);
  gw_app_test_add_with_xdotool ("/queue-rows/keys-stop-at-last-case", test_keys_stop_at_last_case);
  return g_test_run ();
}
