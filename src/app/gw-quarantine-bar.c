/* gw-quarantine-bar.c: tells the dispatcher which feed items could not be read
 *
 * A change from the town server that the app could not read is set aside
 * in the cache (gw-store-quarantine.c) and the rest of the feed goes on.
 * The dispatcher must still know, because a case may be missing or out
 * of date on the map: this bar says how many and which, under the
 * connection banner, and its popover lists each with the reason. The
 * list is read from the cache in a thread, at start and whenever the
 * session says the set changed; it is gone when nothing is set aside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-quarantine-bar"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gw-quarantine-bar.h"
#include "gw-store-quarantine.h"

/* Named in the bar itself; the popover lists up to MAX_ROWS. */
#define IDS_IN_TEXT 5
#define MAX_ROWS 200
#define MAX_LIST_HEIGHT 400
#define POPOVER_WIDTH 460

struct _GwQuarantineBar
{
  GtkWidget parent_instance;
  GtkWidget *revealer;
  GtkLabel *label;
  GtkMenuButton *details;
  GtkBox *list;
  GwSession *session;
  GSignalGroup *session_signals;
  GCancellable *loading;
  guint count;
};

G_DEFINE_FINAL_TYPE (GwQuarantineBar, gw_quarantine_bar, GTK_TYPE_WIDGET)

typedef struct
{
  GPtrArray *entries;       /* the oldest MAX_ROWS */
  guint count;              /* all of them */
} Listed;

static void
listed_free (Listed *listed)
{
  g_clear_pointer (&listed->entries, g_ptr_array_unref);
  g_free (listed);
}

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GwStore *store = task_data;
  g_autofree Listed *listed = g_new0 (Listed, 1);
  GError *error = NULL;

  if (!(listed->entries = gw_store_list_quarantine (store, MAX_ROWS, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  listed->count = MAX (listed->entries->len, gw_store_count_quarantine (store));
  g_task_return_pointer (task, g_steal_pointer (&listed), (GDestroyNotify) listed_free);
}

static char *
entry_title (const GwQuarantineEntry *entry)
{
  g_autofree char *seq = entry->seq >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq) : g_strdup ("?");

  if (g_str_equal (entry->kind, "case"))
    /* Translators: a case's id, and the number of its change in the town server's feed */
    return g_strdup_printf (_("Case %s (seq %s)"), entry->id, seq);
  if (*entry->kind == '\0' && g_str_has_prefix (entry->id, "seq "))
    /* Translators: the number of a change in the town server's feed */
    return g_strdup_printf (_("An item that could not be identified (seq %s)"), seq);
  if (*entry->kind == '\0')
    return g_strdup_printf (_("Item %s (seq %s)"), entry->id, seq);
  /* Translators: the kind of item as the server names it ("grid", "worker"…), its id, and the number of its change */
  return g_strdup_printf (_("%s %s (seq %s)"), entry->kind, entry->id, seq);
}

/* How the bar names an item: by its id, or where it stood in the feed. */
static char *
entry_name (const GwQuarantineEntry *entry)
{
  if (*entry->kind == '\0' && g_str_has_prefix (entry->id, "seq "))
    /* Translators: the number of a change in the town server's feed, for an item without a readable id */
    return g_strdup_printf (_("seq %s"), entry->id + strlen ("seq "));
  return g_strdup (entry->id);
}

static GtkWidget *
entry_row (const GwQuarantineEntry *entry)
{
  g_autofree char *title = entry_title (entry);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *reason = gtk_label_new (entry->reason);

  /* Selectable, for the id is what the server's keepers will ask for;
   * not focusable, or the popover would open with the first one selected. */
  gtk_label_set_selectable (GTK_LABEL (heading), TRUE);
  gtk_widget_set_focusable (heading, FALSE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (reason), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (reason), 60);
  gtk_widget_add_css_class (reason, "dim-label");
  gtk_box_append (GTK_BOX (row), heading);
  gtk_box_append (GTK_BOX (row), reason);
  return row;
}

static void
show_entries (GwQuarantineBar *self,
              GPtrArray       *entries,
              guint            count)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint shown = entries ? entries->len : 0;
  GtkWidget *child;

  self->count = count;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_box_remove (self->list, child);
  for (guint i = 0; i < shown; i++)
    gtk_box_append (self->list, entry_row (g_ptr_array_index (entries, i)));
  if (self->count > shown)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more", "…and %u more",
                                                            self->count - shown),
                                               self->count - shown);
      gtk_box_append (self->list, gtk_label_new (more));
    }

  for (guint i = 0; i < MIN (shown, IDS_IN_TEXT); i++)
    {
      g_autofree char *name = entry_name (g_ptr_array_index (entries, i));

      if (i > 0)
        /* Translators: between the ids of a list */
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }
  if (self->count > IDS_IN_TEXT)
    g_string_append (names, "…");

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u item from the town server could not be read and was set aside: %s",
                                       "%u items from the town server could not be read and were set aside: %s",
                                       self->count),
                          self->count, names->str);
  gtk_label_set_text (self->label, self->count > 0 ? text : "");
  if (self->count == 0)
    gtk_menu_button_popdown (self->details);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), self->count > 0);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GwQuarantineBar *self = GW_QUARANTINE_BAR (object);
  g_autoptr(GError) error = NULL;
  Listed *listed;

  listed = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (listed == NULL)
    {
      /* The cache's own trouble is shown by the window already. */
      g_warning ("Cannot list the feed items set aside: %s", error->message);
      return;
    }
  show_entries (self, listed->entries, listed->count);
  listed_free (listed);
}

static void
reload (GwQuarantineBar *self)
{
  g_autoptr(GTask) task = NULL;

  /* Only the newest answer counts. */
  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);

  if (self->session == NULL)
    {
      show_entries (self, NULL, 0);
      return;
    }

  self->loading = g_cancellable_new ();
  task = g_task_new (self, self->loading, on_listed, NULL);
  g_task_set_source_tag (task, reload);
  g_task_set_task_data (task, g_object_ref (gw_session_get_store (self->session)), g_object_unref);
  g_task_run_in_thread (task, list_in_thread);
}

static void
gw_quarantine_bar_dispose (GObject *object)
{
  GwQuarantineBar *self = GW_QUARANTINE_BAR (object);

  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->session_signals)
    g_signal_group_set_target (self->session_signals, NULL);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->session);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (gw_quarantine_bar_parent_class)->dispose (object);
}

static void
gw_quarantine_bar_class_init (GwQuarantineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_quarantine_bar_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkWidget *
details_popover (GwQuarantineBar *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Changes Set Aside"));
  GtkWidget *explanation = gtk_label_new (_("The town server sent these changes in a form Gridwatch cannot read. "
                                            "Everything else it sent was applied. What the map shows of these "
                                            "items stays as it was until the server sends a readable version; "
                                            "tell the town server's keepers."));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (explanation), 60);
  self->list = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 10));
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 6);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), MAX_LIST_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (content), heading);
  gtk_box_append (GTK_BOX (content), explanation);
  gtk_box_append (GTK_BOX (content), scroller);
  gtk_widget_set_margin_start (content, 6);
  gtk_widget_set_margin_end (content, 6);
  gtk_widget_set_margin_top (content, 6);
  gtk_widget_set_margin_bottom (content, 6);
  /* GTK 4.8's popover measures its height for a wider child than it then
   * allocates, and wrapped text would be cut off: a clamp gives the same
   * width to both. */
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_popover_set_child (GTK_POPOVER (popover), clamp);
  return popover;
}

static void
gw_quarantine_bar_init (GwQuarantineBar *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);

  self->details = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_label (self->details, _("_Details"));
  gtk_menu_button_set_use_underline (self->details, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->details), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details), _("Which Items Could Not Be Read, and Why"));
  gtk_menu_button_set_popover (self->details, details_popover (self));

  gtk_widget_add_css_class (box, "gw-banner");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->details));

  self->revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (self->revealer), box);
  gtk_widget_set_parent (self->revealer, GTK_WIDGET (self));

  self->session_signals = g_signal_group_new (GW_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "quarantine-changed",
                                 G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
}

GtkWidget *
gw_quarantine_bar_new (void)
{
  return g_object_new (GW_TYPE_QUARANTINE_BAR, NULL);
}

void
gw_quarantine_bar_set_session (GwQuarantineBar *self,
                               GwSession       *session)
{
  g_return_if_fail (GW_IS_QUARANTINE_BAR (self));
  g_return_if_fail (session == NULL || GW_IS_SESSION (session));

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  reload (self);
}

guint
gw_quarantine_bar_get_count (GwQuarantineBar *self)
{
  g_return_val_if_fail (GW_IS_QUARANTINE_BAR (self), 0);
  return self->count;
}

/* The bar's sentence; "" when nothing is set aside. */
const char *
gw_quarantine_bar_get_text (GwQuarantineBar *self)
{
  g_return_val_if_fail (GW_IS_QUARANTINE_BAR (self), NULL);
  return gtk_label_get_text (self->label);
}

/* The popover's rows, one box per item. */
GtkWidget *
gw_quarantine_bar_get_list (GwQuarantineBar *self)
{
  g_return_val_if_fail (GW_IS_QUARANTINE_BAR (self), NULL);
  return GTK_WIDGET (self->list);
}
