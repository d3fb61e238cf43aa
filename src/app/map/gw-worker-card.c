/* gw-worker-card.c: a grid worker at a glance, at their dot on the map
 *
 * Who it is, how to reach them (the phone only for those whose role may
 * see it), where they work, what they have open and when their phone
 * last spoke; then the two things a dispatcher does with a worker found
 * on the map: give them the case selected ("win.assign-to-worker", the
 * dispatch page's assignment by another door) and see where they went
 * today ("win.show-worker-track", fetched through the sync layer); both
 * through gw_card_button_bind().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-worker-card"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-card-button.h"
#include "gw-case-labels.h"
#include "gw-worker-card.h"

struct _GwWorkerCard
{
  GtkPopover parent_instance;

  GtkLabel *name_label;
  GtkLabel *phone_label;
  GtkLabel *grids_label;
  GtkLabel *open_label;
  GtkLabel *report_label;
  GtkWidget *assign_button;
  GtkLabel *assign_label;
  GtkWidget *track_button;

  char *worker_id;
};

G_DEFINE_FINAL_TYPE (GwWorkerCard, gw_worker_card, GTK_TYPE_POPOVER)

static void
gw_worker_card_finalize (GObject *object)
{
  g_free (GW_WORKER_CARD (object)->worker_id);
  G_OBJECT_CLASS (gw_worker_card_parent_class)->finalize (object);
}

static void
gw_worker_card_class_init (GwWorkerCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_worker_card_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-worker-card.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, phone_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, grids_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, open_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, report_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, assign_button);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, assign_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerCard, track_button);
}

static void
gw_worker_card_init (GwWorkerCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
report_text (gint64 reported)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (reported);
  g_autofree char *clock = when ? g_date_time_format (when, "%H:%M") : g_strdup ("—");
  g_autofree char *span = gw_span_label (MAX (g_get_real_time () / G_USEC_PER_SEC - reported, 0));

  /* Translators: a time of day, then how long ago, such as "09:12 (5 min ago)" */
  return g_strdup_printf (_("%s (%s ago)"), clock, span);
}

GtkWidget *
gw_worker_card_new (const GwWorkerCardInfo *info)
{
  GwWorkerCard *self;
  g_autofree char *report = NULL;
  g_autofree char *open = NULL;
  g_autofree char *assign = NULL;

  g_return_val_if_fail (info != NULL && info->id != NULL, NULL);

  self = g_object_new (GW_TYPE_WORKER_CARD, NULL);
  self->worker_id = g_strdup (info->id);
  report = report_text (info->reported);
  open = g_strdup_printf ("%u", info->open_cases);

  gtk_label_set_text (self->name_label, info->name ? info->name : info->id);
  gtk_label_set_text (self->phone_label, info->phone ? info->phone : _("Not shown to your role"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->phone_label), info->phone != NULL);
  gtk_label_set_text (self->grids_label, info->grids && *info->grids ? info->grids : "—");
  gtk_label_set_text (self->open_label, open);
  gtk_label_set_text (self->report_label, report);

  if (info->case_id)
    {
      g_autofree char *assignee = g_strconcat ("worker:", info->id, NULL);

      /* Translators: the case selected, by its category */
      assign = g_strdup_printf (_("Assign to this worker: %s"), info->case_title ? info->case_title : info->case_id);
      if (info->cannot_assign == NULL)
        gw_card_button_bind (GTK_BUTTON (self->assign_button), "win.assign-to-worker",
                             g_variant_new ("(ss)", info->case_id, assignee));
    }
  else
    assign = g_strdup (_("Assign the selected case to this worker"));
  gtk_label_set_text (self->assign_label, assign);
  gtk_widget_set_sensitive (self->assign_button, info->case_id != NULL && info->cannot_assign == NULL);
  gtk_widget_set_tooltip_text (self->assign_button, info->case_id == NULL ? _("Select a case on the map first")
                                                   : info->cannot_assign ? info->cannot_assign : info->case_id);
  gw_card_button_bind (GTK_BUTTON (self->track_button), "win.show-worker-track", g_variant_new_string (info->id));
  return GTK_WIDGET (self);
}

const char *
gw_worker_card_get_worker_id (GwWorkerCard *self)
{
  g_return_val_if_fail (GW_IS_WORKER_CARD (self), NULL);
  return self->worker_id;
}

/* What the card says, line by line, for tests. */
char *
gw_worker_card_get_text (GwWorkerCard *self)
{
  g_return_val_if_fail (GW_IS_WORKER_CARD (self), NULL);
  return g_strjoin ("\n", gtk_label_get_text (self->name_label), gtk_label_get_text (self->phone_label),
                    gtk_label_get_text (self->grids_label), gtk_label_get_text (self->open_label),
                    gtk_label_get_text (self->report_label), gtk_label_get_text (self->assign_label), NULL);
}
