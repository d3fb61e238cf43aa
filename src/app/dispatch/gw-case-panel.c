/* gw-case-panel.c: one case, everything about it, and what may be done now
 *
 * The actions offered are exactly those the shared rules allow this
 * user's role in the case's state; each is a button and an action
 * ("dispatch.act" with the case and the action), so keys and tests use
 * the same path. The timeline is the server's audit history, fetched when
 * the case is shown and again when it changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-panel.h"
#include "gw-case-photo.h"
#include "gw-escalation-rules.h"
#include "gw-media.h"
#include "gw-ui-language.h"
#include "gw-whistle-list.h"

struct _GwCasePanel
{
  GtkWidget parent_instance;
  GtkWidget *scroller;
  GtkWidget *box;
  GtkWidget *placeholder;
  GtkWidget *content;

  GwCase *kase;
  GwTownClient *client;
  GwStore *store;
  gboolean role_known;
  GwRole role;
  GCancellable *history_cancellable;
  guint n_history;
};

G_DEFINE_FINAL_TYPE (GwCasePanel, gw_case_panel, GTK_TYPE_WIDGET)

static GtkWidget *
field (GtkWidget  *grid,
       int         row,
       const char *name,
       const char *value)
{
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *text = gtk_label_new (value && *value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), text, 1, row, 1, 1);
  return text;
}

static char *
local_time (const char *rfc3339)
{
  g_autoptr(GDateTime) time = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  /* Translators: a date and time, as strftime() formats it */
  return local ? g_date_time_format (local, _("%Y-%m-%d %H:%M")) : NULL;
}

static void
on_history (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GwTownResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list = user_data;
  GwCasePanel *self;
  JsonArray *items;

  response = gw_town_client_get_finish (GW_TOWN_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (list);
      return;
    }
  self = GW_CASE_PANEL (gtk_widget_get_ancestor (list, GW_TYPE_CASE_PANEL));
  if (self == NULL)
    {
      g_object_unref (list);
      return;
    }

  if (response == NULL || response->status != 200 || !JSON_NODE_HOLDS_OBJECT (response->root) ||
      !(items = json_object_get_array_member (json_node_get_object (response->root), "items")))
    {
      GtkWidget *label = gtk_label_new (_("The history could not be fetched; it shows when the town server answers."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (list), label);
      g_object_unref (list);
      return;
    }

  self->n_history = 0;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);
      g_autofree char *when = entry ? local_time (json_object_get_string_member_with_default (entry, "at", NULL)) : NULL;
      const char *action = entry ? json_object_get_string_member_with_default (entry, "action", "") : "";
      const char *user = entry ? json_object_get_string_member_with_default (entry, "user", "") : "";
      gint64 status = entry ? json_object_get_int_member_with_default (entry, "status", 0) : 0;
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (status != 200 && status != 201)
        continue;
      {
        g_autoptr(GString) name = g_string_new (gw_case_action_label (action));

        /* Button labels carry mnemonics; a timeline does not. */
        g_string_replace (name, "_", "", 0);
        line = g_strdup_printf ("%s  %s · %s", when ? when : "", name->str, user);
      }
      label = gtk_label_new (line);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (list), label);
      self->n_history++;
    }
  g_object_unref (list);
}

static void
add_actions (GwCasePanel *self,
             GtkWidget   *box)
{
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_auto(GStrv) actions = NULL;
  GtkWidget *flow = gtk_flow_box_new ();
  GwRole role = self->role_known ? self->role : GW_ROLE_LEADER;

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);

  g_strv_builder_addv (all, (const char **) gw_case_rules_list_actions ());
  g_strv_builder_addv (all, (const char **) gw_escalation_rules_list_actions ());
  actions = g_strv_builder_end (all);
  for (guint i = 0; actions[i]; i++)
    {
      GtkWidget *button;

      if (!gw_case_rules_role_may (role, actions[i]) || !gw_case_rules_is_legal_now (self->kase, actions[i]))
        continue;
      /* The server's own. */
      if (g_str_equal (actions[i], "propose_whistle") || g_str_equal (actions[i], "mark_report_overdue"))
        continue;
      /* Extensions are decided only when one was asked for. */
      if ((g_str_equal (actions[i], "approve_extension") || g_str_equal (actions[i], "deny_extension")) &&
          gw_case_get_data (self->kase)->requested_deadline == NULL)
        continue;

      button = gtk_button_new_with_mnemonic (gw_case_action_label (actions[i]));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", gw_case_get_id (self->kase), actions[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dispatch.act");
      if (g_str_equal (actions[i], "accept") || g_str_equal (actions[i], "assign") || g_str_equal (actions[i], "close"))
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }

  if (gtk_widget_get_first_child (flow) == NULL)
    {
      GtkWidget *none = gtk_label_new (_("Nothing for you to do on this case now."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (GTK_BOX (box), none);
      g_object_ref_sink (flow);
      g_object_unref (flow);
      return;
    }
  gtk_box_append (GTK_BOX (box), flow);
}

/* The town server's photos as pictures that load in the background;
 * anything else as a link, never fetched. */
static void
add_photos (GwCasePanel      *self,
            const GwCaseData *d)
{
  GtkWidget *heading, *flow;

  if (d->media == NULL || d->media[0] == NULL)
    return;
  heading = gtk_label_new (_("Photos"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->content), heading);
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_box_append (GTK_BOX (self->content), flow);
  for (guint i = 0; d->media[i]; i++)
    {
      if (self->store && gw_media_id_from_url (d->media[i]))
        gtk_flow_box_append (GTK_FLOW_BOX (flow), gw_case_photo_new (self->client, self->store, d->media[i]));
      else
        {
          g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", d->media[i], d->media[i]);
          GtkWidget *link = gtk_label_new (NULL);

          gtk_label_set_markup (GTK_LABEL (link), markup);
          gtk_label_set_ellipsize (GTK_LABEL (link), PANGO_ELLIPSIZE_MIDDLE);
          gtk_flow_box_append (GTK_FLOW_BOX (flow), link);
        }
    }
}

/* Whom an escalation calls, by name. */
static char *
called_text (GwCasePanel        *self,
             const GwEscalation *e)
{
  g_autoptr(GwGrid) grid = NULL;
  g_autoptr(GPtrArray) departments = NULL;

  if (e->called == NULL)
    return g_strdup (gw_level_label (e->to_level));
  if (self->store && e->to_level == GW_LEVEL_COUNTY)
    {
      departments = gw_store_list_departments (self->store, NULL);
      for (guint i = 0; departments && i < departments->len; i++)
        if (g_strcmp0 (gw_department_get_id (g_ptr_array_index (departments, i)), e->called) == 0)
          return g_strdup_printf ("%s → %s", gw_level_label (e->to_level),
                                  gw_department_get_name (g_ptr_array_index (departments, i)));
    }
  else if (self->store && (grid = gw_store_lookup_grid (self->store, e->called)))
    return g_strdup_printf ("%s → %s", gw_level_label (e->to_level), gw_grid_get_name (grid));
  return g_strdup_printf ("%s → %s", gw_level_label (e->to_level), e->called);
}

/* The current escalation: whom it calls, why, and how it stands. */
static void
add_escalation (GwCasePanel      *self,
                const GwCaseData *d)
{
  const GwEscalation *e = gw_case_data_get_escalation (d);
  const GwWhistleItem *item;
  g_autofree char *called = NULL, *deadline = NULL, *reported = NULL, *rating = NULL;
  GtkWidget *heading, *grid;
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  int row = 0;

  if (e == NULL)
    return;
  item = gw_whistle_list_lookup (gw_whistle_list_get_default (), e->item);
  heading = gtk_label_new (_("Escalation"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->content), heading);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  called = called_text (self, e);
  deadline = local_time (e->report_deadline);
  reported = local_time (e->reported_at);
  if (e->rating > 0)
    rating = g_strdup_printf ("%d / 5%s%s", e->rating, e->rating_comment ? " · " : "", e->rating_comment ? e->rating_comment : "");
  field (grid, row++, _("State"), gw_escalation_state_label (e->state));
  field (grid, row++, _("Calls"), called);
  field (grid, row++, _("Whistle list item"), item ? (chinese ? item->name : item->name_en) : e->item);
  field (grid, row++, _("Reason"), g_strcmp0 (e->reason, GW_ESCALATION_REASON_OVERDUE) == 0 ? _("Proposed by the server: overdue") :
                                   g_strcmp0 (e->reason, GW_ESCALATION_REASON_RETURNED) == 0 ? _("Proposed by the server: returned twice") :
                                   e->reason);
  if (deadline)
    field (grid, row++, _("Report due"), deadline);
  if (reported)
    field (grid, row++, gw_escalation_was_late (e) ? _("Reported late") : _("Reported on time"), reported);
  if (e->report_note)
    field (grid, row++, _("Report"), e->report_note);
  if (e->resolution)
    field (grid, row++, e->state == GW_ESCALATION_DENIED ? _("Not approved because") : _("Resolution"), e->resolution);
  if (rating)
    field (grid, row++, _("Rating"), rating);
  gtk_box_append (GTK_BOX (self->content), grid);
}

/* The department the category makes responsible, by name. */
static char *
responsible_department (GwCasePanel      *self,
                        const GwCaseData *d)
{
  g_autoptr(GwCategory) category = NULL;
  g_autoptr(GPtrArray) departments = NULL;
  const char *id;

  if (self->store == NULL || d->category == NULL ||
      !(category = gw_store_lookup_category (self->store, d->category)) ||
      !(id = gw_category_get_info (category)->department))
    return NULL;
  departments = gw_store_list_departments (self->store, NULL);
  for (guint i = 0; departments && i < departments->len; i++)
    if (g_strcmp0 (gw_department_get_id (g_ptr_array_index (departments, i)), id) == 0)
      return g_strdup (gw_department_get_name (g_ptr_array_index (departments, i)));
  return g_strdup (id);
}

static void
rebuild (GwCasePanel *self,
         const char  *category_name,
         const char  *grid_name)
{
  const GwCaseData *d;
  GtkWidget *title, *grid, *heading, *history;
  g_autofree char *reported = NULL, *deadline = NULL, *left = NULL, *deadline_text = NULL;
  g_autofree char *counts = NULL, *requested = NULL, *department = NULL;
  int row = 0;

  if (self->content)
    gtk_box_remove (GTK_BOX (self->box), self->content);
  self->content = NULL;
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->n_history = 0;
  gtk_widget_set_visible (self->placeholder, self->kase == NULL);
  if (self->kase == NULL)
    return;

  d = gw_case_get_data (self->kase);
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  title = gtk_label_new (NULL);
  {
    g_autofree char *markup = g_markup_printf_escaped ("<span size='large' weight='bold'>%s%s</span>",
                                                       d->urgent ? _("[Urgent] ") : "",
                                                       category_name ? category_name : (d->category ? d->category : d->id));

    gtk_label_set_markup (GTK_LABEL (title), markup);
  }
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_box_append (GTK_BOX (self->content), title);

  add_actions (self, self->content);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  reported = local_time (d->reported_at);
  deadline = local_time (d->deadline);
  left = gw_case_time_left_label (self->kase, g_get_real_time () / G_USEC_PER_SEC);
  deadline_text = deadline ? g_strdup_printf ("%s (%s)", deadline, left) : NULL;
  field (grid, row++, _("Case"), d->id);
  field (grid, row++, _("State"), gw_case_status_label (d->status));
  field (grid, row++, _("Description"), d->description);
  field (grid, row++, _("Grid"), grid_name ? grid_name : d->grid);
  field (grid, row++, _("Source"), gw_case_source_label (d->source));
  field (grid, row++, _("Reporter"), d->reporter);
  field (grid, row++, _("Reported"), reported);
  field (grid, row++, _("Deadline"), deadline_text);
  if (d->requested_deadline)
    {
      requested = local_time (d->requested_deadline);
      field (grid, row++, _("Extension asked to"), requested);
    }
  department = responsible_department (self, d);
  field (grid, row++, _("Responsible department"), department);
  field (grid, row++, _("Assigned to"), d->assignee);
  field (grid, row++, _("Last note"), d->note);
  if (d->reworks || d->extensions || d->returns)
    {
      counts = g_strdup_printf (_("reworked %u, extended %u, returned %u"), d->reworks, d->extensions, d->returns);
      field (grid, row++, _("So far"), counts);
    }
  gtk_box_append (GTK_BOX (self->content), grid);
  add_escalation (self, d);
  add_photos (self, d);

  heading = gtk_label_new (_("History"));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (self->content), heading);
  history = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (self->content), history);

  if (self->client)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s/history", d->id);

      self->history_cancellable = g_cancellable_new ();
      gw_town_client_get_async (self->client, path, NULL, self->history_cancellable, on_history, g_object_ref (history));
    }

  gtk_box_append (GTK_BOX (self->box), self->content);
}

static void
gw_case_panel_dispose (GObject *object)
{
  GwCasePanel *self = (GwCasePanel *) object;

  if (self->history_cancellable)
    g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->scroller = NULL;
  /* The scroller, and any popover the dispatch page hung on the panel. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))); )
    {
      if (GTK_IS_POPOVER (child))
        gtk_popover_popdown (GTK_POPOVER (child));
      gtk_widget_unparent (child);
    }
  g_clear_object (&self->kase);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_case_panel_parent_class)->dispose (object);
}

static void
gw_case_panel_class_init (GwCasePanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gw_case_panel_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gw-case-panel");
}

static void
gw_case_panel_init (GwCasePanel *self)
{
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 12);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  self->placeholder = gtk_label_new (_("Select a case to see it here."));
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_widget_set_vexpand (self->placeholder, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->placeholder);
}

void
gw_case_panel_set_case (GwCasePanel *self,
                        GwCase      *kase,
                        const char  *category_name,
                        const char  *grid_name)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));

  g_set_object (&self->kase, kase);
  rebuild (self, category_name, grid_name);
}

GwCase *
gw_case_panel_get_case (GwCasePanel *self)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);
  return self->kase;
}

void
gw_case_panel_set_role (GwCasePanel *self,
                        gboolean     known,
                        GwRole       role)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));

  self->role_known = known;
  self->role = role;
}

void
gw_case_panel_set_client (GwCasePanel  *self,
                          GwTownClient *client,
                          GwStore      *store)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));
  g_set_object (&self->client, client);
  g_set_object (&self->store, store);
}

guint
gw_case_panel_get_n_history (GwCasePanel *self)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), 0);
  return self->n_history;
}
