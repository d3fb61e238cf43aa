/* gw-escalation-board.c: every whistle blown, by state, with time left
 *
 * Six columns — proposed, awaiting approval, awaiting report, reported,
 * resolved (the last week's), report overdue — of cards built from the
 * cache's cases, rebuilt a moment after the cases change, so the board is
 * live without a refresh. The filters narrow it to a called level or one
 * department; a department's officer opens it on what their department
 * owes. When something comes to the user's level or goes overdue the
 * board says so ("news"), and the window tells the user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-escalation-board"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-department.h"
#include "gw-escalation-board.h"
#include "gw-escalation-rules.h"
#include "gw-ui-language.h"
#include "gw-whistle-list.h"
#include "gw-work-calendar.h"

#define MAX_CARDS 80
#define RESOLVED_DAYS 7

struct _GwEscalationBoard
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *level_filter;
  GtkDropDown *department_filter;
  GtkLabel *summary;
  GtkWidget *columns_box;
  GtkListBox *lists[GW_BOARD_N_COLUMNS];
  GtkLabel *headings[GW_BOARD_N_COLUMNS];
  guint counts[GW_BOARD_N_COLUMNS];
  char *shown[GW_BOARD_N_COLUMNS];      /* each column's cards' keys, joined */
  gboolean timed_stale;                 /* time-left texts to be redone */
  GwWorkCalendar *calendar;     /* to count report deadlines in working days */

  GwCaseModel *model;
  GtkBitset *escalated;         /* positions of the model's cases with a whistle */
  GPtrArray *entries;           /* of Entry or NULL, by position */
  GtkBitset *unseen;            /* positions changed since the last rebuild */
  GwReferenceData *reference;   /* names of grids and departments */
  GPtrArray *department_ids;    /* index 0: all */
  gboolean role_known;
  GwRole role;
  char *user;
  GHashTable *seen;             /* case id → last escalation state + 1 */
  gboolean loaded;              /* news only after the first look */
  gboolean quiet;               /* the first look is still coming in */
  guint rebuild_id;
};

G_DEFINE_FINAL_TYPE (GwEscalationBoard, gw_escalation_board, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  NEWS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
column_title (GwBoardColumn column)
{
  switch (column)
    {
    case GW_BOARD_PROPOSED: return gw_escalation_state_label (GW_ESCALATION_PROPOSED);
    case GW_BOARD_AWAITING_APPROVAL: return gw_escalation_state_label (GW_ESCALATION_AWAITING_APPROVAL);
    case GW_BOARD_AWAITING_REPORT: return gw_escalation_state_label (GW_ESCALATION_AWAITING_REPORT);
    case GW_BOARD_REPORTED: return gw_escalation_state_label (GW_ESCALATION_REPORTED);
    case GW_BOARD_RESOLVED: return gw_escalation_state_label (GW_ESCALATION_RESOLVED);
    case GW_BOARD_OVERDUE:
    default: return gw_escalation_state_label (GW_ESCALATION_OVERDUE);
    }
}

/* What an empty column says, so that it does not look unloaded. */
static const char *
column_empty_text (GwBoardColumn column)
{
  switch (column)
    {
    case GW_BOARD_PROPOSED: return _("No whistle proposed");
    case GW_BOARD_AWAITING_APPROVAL: return _("Nothing awaits approval");
    case GW_BOARD_AWAITING_REPORT: return _("No one has yet to report");
    case GW_BOARD_REPORTED: return _("Nothing reported awaits a decision");
    case GW_BOARD_RESOLVED: return _("Nothing resolved in the last week");
    case GW_BOARD_OVERDUE:
    default: return _("Nothing overdue");
    }
}

static int
column_of (GwEscalationState state,
           gint64            resolved,
           gint64            now)
{
  switch (state)
    {
    case GW_ESCALATION_PROPOSED: return GW_BOARD_PROPOSED;
    case GW_ESCALATION_AWAITING_APPROVAL: return GW_BOARD_AWAITING_APPROVAL;
    case GW_ESCALATION_AWAITING_REPORT: return GW_BOARD_AWAITING_REPORT;
    case GW_ESCALATION_REPORTED: return GW_BOARD_REPORTED;
    case GW_ESCALATION_OVERDUE: return GW_BOARD_OVERDUE;
    case GW_ESCALATION_RESOLVED:
    case GW_ESCALATION_DENIED:
    default:
      /* The last week's: a board is for what is going on. */
      return resolved && now - resolved < RESOLVED_DAYS * 86400 ? GW_BOARD_RESOLVED : -1;
    }
}

/* The community, town or department called, by name. */
static char *
called_name (GwEscalationBoard  *self,
             const GwEscalation *e)
{
  GwDepartment *department;
  const char *name = NULL;

  if (e->called == NULL)
    return g_strdup (gw_level_label (e->to_level));
  if (self->reference == NULL)
    ;
  else if (e->to_level == GW_LEVEL_COUNTY)
    name = (department = gw_reference_data_lookup_department (self->reference, e->called))
           ? gw_department_get_display_name (department) : NULL;
  else
    name = gw_reference_data_get_grid_name (self->reference, e->called);
  return g_strdup (name ? name : e->called);
}

static char *
reason_text (const GwEscalation *e)
{
  if (g_strcmp0 (e->reason, GW_ESCALATION_REASON_OVERDUE) == 0)
    return g_strdup (_("Proposed by the server: overdue"));
  if (g_strcmp0 (e->reason, GW_ESCALATION_REASON_RETURNED) == 0)
    return g_strdup (_("Proposed by the server: returned twice"));
  return g_strdup (e->reason);
}

/* Working days from the day after @now to @deadline's day, both counted:
 * what the whistle dialog said ("within 5 working days") counts down the
 * same way, so the two never disagree. */
static guint
working_days_left (GwWorkCalendar *calendar,
                   gint64          now,
                   GDateTime      *deadline)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (deadline, gw_work_calendar_get_timezone (calendar));
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) day = g_date_time_to_timezone (today, gw_work_calendar_get_timezone (calendar));
  guint days = 0;

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = g_steal_pointer (&next);
      if (g_date_time_get_year (day) > g_date_time_get_year (local) ||
          (g_date_time_get_year (day) == g_date_time_get_year (local) &&
           g_date_time_get_day_of_year (day) > g_date_time_get_day_of_year (local)))
        break;
      days += gw_work_calendar_is_working_day (calendar, day);
    }
  return days;
}

/* Time left to report, how late, or how it was rated. */
static char *
state_text (GwEscalationBoard  *self,
            const GwEscalation *e,
            gint64              now)
{
  g_autoptr(GDateTime) deadline = e->report_deadline ? g_date_time_new_from_iso8601 (e->report_deadline, NULL) : NULL;
  gint64 left = deadline ? g_date_time_to_unix (deadline) - now : 0;
  g_autofree char *span = deadline ? gw_span_label (left) : NULL;
  guint days;

  switch (e->state)
    {
    case GW_ESCALATION_AWAITING_REPORT:
    case GW_ESCALATION_OVERDUE:
      if (!deadline)
        return NULL;
      if (left >= 0 && (days = working_days_left (self->calendar, now, deadline)) > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day left to report",
                                             "%u working days left to report", days), days);
      /* Translators: %s is a time span such as "3 h 20 min" */
      return left >= 0 ? g_strdup_printf (_("%s left to report"), span) : g_strdup_printf (_("report %s late"), span);
    case GW_ESCALATION_REPORTED:
      return g_strdup (gw_escalation_was_late (e) ? _("Reported late") : _("Reported on time"));
    case GW_ESCALATION_RESOLVED:
      if (e->rating > 0)
        {
          GString *stars = g_string_new (NULL);

          for (int i = 1; i <= 5; i++)
            g_string_append (stars, i <= e->rating ? "★" : "☆");
          return g_string_free (stars, FALSE);
        }
      return g_strdup (_("Not rated yet"));
    case GW_ESCALATION_DENIED:
      return g_strdup (gw_escalation_state_label (e->state));
    case GW_ESCALATION_PROPOSED:
    case GW_ESCALATION_AWAITING_APPROVAL:
    default:
      return NULL;
    }
}

static GtkWidget *
card (GwEscalationBoard *self,
      GwCase            *kase,
      gint64             now)
{
  const GwCaseData *d = gw_case_get_data (kase);
  const GwEscalation *e = gw_case_data_get_escalation (d);
  const GwWhistleItem *item = self->reference
                              ? gw_whistle_list_lookup (gw_reference_data_get_whistle_list (self->reference), e->item) : NULL;
  gboolean chinese = gw_ui_language_is_chinese (NULL);
  g_autofree char *called = called_name (self, e);
  /* A proposal names only the level; the dispatcher chooses whom. */
  g_autofree char *to = e->called ? g_strdup_printf ("%s → %s", gw_level_label (e->to_level), called)
                                  : g_strdup_printf ("→ %s", gw_level_label (e->to_level));
  g_autofree char *reason = reason_text (e);
  g_autofree char *state = state_text (self, e, now);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *lines[] = {
    item ? (chinese ? item->name : item->name_en) : (d->description ? d->description : d->id),
    to, state, reason, d->id,
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      GtkWidget *label;

      if (lines[i] == NULL || *lines[i] == '\0')
        continue;
      label = gtk_label_new (lines[i]);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      if (i == 0)
        gtk_widget_add_css_class (label, "heading");
      else if (i == 2 && (e->state == GW_ESCALATION_OVERDUE || gw_escalation_was_late (e)))
        gtk_widget_add_css_class (label, "error");
      else if (i >= 3)
        gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", d->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "board.open-case");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, lines[0], -1);
  return row;
}

/* What a card shows, but for time left: the case's version and whom
 * it calls by name, which can change without a new version. */
static char *
card_key (GwEscalationBoard *self,
          GwCase            *kase)
{
  g_autofree char *called = called_name (self, gw_case_data_get_escalation (gw_case_get_data (kase)));

  return g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%s", gw_case_get_id (kase), gw_case_get_version (kase), called);
}

/* What a rebuild reads of a whistled case, kept beside it: the board
 * goes through tens of thousands of them while a county's cases arrive,
 * and each case's own data lies cold elsewhere in memory. */
typedef struct
{
  GwCase *kase;
  const GwEscalation *e;        /* the case's latest */
  gint64 key;
  gint64 resolved;              /* when it was resolved or approved; 0: not */
  GwEscalationState state;
  GwLevel to_level;
  const char *called;           /* e's */
} Entry;

/* The filters' choices, read once a rebuild. */
typedef struct
{
  guint level;                  /* 0: any; 1-3 community, town, county */
  const char *department;       /* NULL: any */
} Filters;

static Filters
current_filters (GwEscalationBoard *self)
{
  guint level = gtk_drop_down_get_selected (self->level_filter);
  guint department = gtk_drop_down_get_selected (self->department_filter);
  Filters f = { 0 };

  if (level != GTK_INVALID_LIST_POSITION)
    f.level = level;
  if (department != GTK_INVALID_LIST_POSITION && department > 0 && self->department_ids &&
      department < self->department_ids->len)
    f.department = g_ptr_array_index (self->department_ids, department);
  return f;
}

static gboolean
passes_filters (const Filters *f,
                const Entry   *entry)
{
  if (f->level > 0 && entry->to_level != (GwLevel) f->level)
    return FALSE;
  if (f->department && (entry->to_level != GW_LEVEL_COUNTY || g_strcmp0 (entry->called, f->department) != 0))
    return FALSE;
  return TRUE;
}

typedef struct
{
  GwCase *kase;
  gint64 key;
  guint position;
} Placed;

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a, *pb = b;

  if (pa->key != pb->key)
    return pa->key < pb->key ? -1 : 1;
  return pa->position < pb->position ? -1 : pa->position > pb->position;
}

static gint64
urgency_key (const GwEscalation *e)
{
  const char *when = gw_escalation_awaits_report (e) ? e->report_deadline :
                     e->resolved_at ? e->resolved_at : e->reported_at ? e->reported_at : e->whistled_at;
  /* Read by hand in the server's shape: GDateTime made a time zone for
   * each of 11,000 escalations. */
  gint64 unix_time = gw_case_time_to_unix (when);

  /* What is due first comes first; elsewhere the latest first. */
  return gw_escalation_awaits_report (e) ? unix_time : -unix_time;
}

/* What a rebuild needs of a case with a whistle, read when the case
 * changes: a rebuild then walks a table, not 11,000 cases' escalations. */
static Entry *
entry_new (GwCase *kase)
{
  const GwEscalation *e = gw_case_data_get_escalation (gw_case_get_data (kase));
  Entry *entry;

  if (e == NULL)
    return NULL;
  entry = g_new (Entry, 1);
  entry->kase = g_object_ref (kase);
  entry->e = e;
  entry->key = urgency_key (e);
  entry->resolved = gw_case_time_to_unix (e->resolved_at ? e->resolved_at : e->approved_at);
  entry->state = e->state;
  entry->to_level = e->to_level;
  entry->called = e->called;
  return entry;
}

static void
entry_free (Entry *entry)
{
  /* Most positions hold none. */
  if (entry == NULL)
    return;
  g_object_unref (entry->kase);
  g_free (entry);
}

/* Whether this change is news for this user. */
static const char *
news_for (GwEscalationBoard  *self,
          const GwEscalation *e)
{
  GwRole role = self->role_known ? self->role : GW_ROLE_DISPATCHER;
  gboolean mine = role != GW_ROLE_DEPARTMENT || g_strcmp0 (e->called, self->user) == 0;

  if (!mine || role == GW_ROLE_LEADER || role == GW_ROLE_PLANNER)
    return NULL;
  /* What one did oneself is no news, unless it went wrong. */
  if (e->state != GW_ESCALATION_OVERDUE && self->user &&
      (g_strcmp0 (e->whistled_by, self->user) == 0 || g_strcmp0 (e->reported_by, self->user) == 0))
    return NULL;
  if (e->state == GW_ESCALATION_OVERDUE)
    return _("A whistle's report is overdue");
  if (e->state == GW_ESCALATION_AWAITING_APPROVAL && (role == GW_ROLE_HEAD || role == GW_ROLE_ADMIN))
    return _("A whistle waits for your approval");
  if (e->state == GW_ESCALATION_AWAITING_REPORT &&
      ((role == GW_ROLE_DEPARTMENT && e->to_level == GW_LEVEL_COUNTY) ||
       (role != GW_ROLE_DEPARTMENT && e->to_level != GW_LEVEL_COUNTY)))
    return _("A whistle calls on you to report");
  return NULL;
}

static void
tell_news (GwEscalationBoard *self,
           GwCase            *kase,
           const GwEscalation *e)
{
  const char *title = news_for (self, e);
  g_autofree char *called = NULL;
  g_autofree char *body = NULL;

  if (title == NULL)
    return;
  called = called_name (self, e);
  body = g_strdup_printf ("%s · %s · %s", gw_case_get_id (kase), called,
                          gw_case_get_data (kase)->description ? gw_case_get_data (kase)->description : "");
  g_signal_emit (self, signals[NEWS], 0, title, body, gw_case_get_id (kase));
}

/* Whether the column's time-left texts follow the clock. */
static gboolean
column_is_timed (GwBoardColumn column)
{
  return column == GW_BOARD_AWAITING_REPORT || column == GW_BOARD_OVERDUE;
}

/* Makes the column show @placed's first cards. Building cards is what
 * stalls the window while the feed pours in, so a column whose cards are
 * the same as last time is left alone, and a card whose case did not
 * change is moved rather than made again. */
static void
fill_column (GwEscalationBoard *self,
             GwBoardColumn      column,
             GArray            *placed,
             gint64             now)
{
  gboolean timed = self->timed_stale && column_is_timed (column);
  g_autoptr(GHashTable) old = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  guint n = MIN (placed->len, MAX_CARDS);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) fingerprint = g_string_new (NULL);
  GtkWidget *child;

  g_string_append_printf (fingerprint, "%u", placed->len);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (keys, card_key (self, g_array_index (placed, Placed, i).kase));
      g_string_append_printf (fingerprint, "\x1e%s", (char *) keys->pdata[i]);
    }
  if (g_strcmp0 (fingerprint->str, self->shown[column]) == 0 && !timed)
    return;
  g_free (self->shown[column]);
  self->shown[column] = g_string_free (g_steal_pointer (&fingerprint), FALSE);

  /* The rows, not the placeholder, which is a child too. */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->lists[column], 0))))
    {
      const char *key = g_object_get_data (G_OBJECT (child), "gw-card-key");

      if (key && !timed)
        g_hash_table_insert (old, g_strdup (key), g_object_ref (child));
      gtk_list_box_remove (self->lists[column], child);
    }
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_hash_table_lookup (old, keys->pdata[i]);

      if (row)
        {
          g_object_ref (row);
          g_hash_table_remove (old, keys->pdata[i]);
        }
      else
        {
          row = g_object_ref_sink (card (self, g_array_index (placed, Placed, i).kase, now));
          g_object_set_data_full (G_OBJECT (row), "gw-card-key", g_strdup (keys->pdata[i]), g_free);
        }
      gtk_list_box_append (self->lists[column], row);
      g_object_unref (row);
    }
  if (placed->len > MAX_CARDS)
    {
      g_autofree char *more = g_strdup_printf (_("and %u more"), placed->len - MAX_CARDS);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (self->lists[column], label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (label)), FALSE);
    }
}

static gboolean
rebuild (gpointer user_data)
{
  GwEscalationBoard *self = user_data;
  GArray *placed[GW_BOARD_N_COLUMNS];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n = self->model ? gw_case_model_get_size (self->model) : 0;
  guint total = 0, i;
  GtkBitsetIter iter;
  Filters filters = current_filters (self);

  self->rebuild_id = 0;
  for (guint c = 0; c < GW_BOARD_N_COLUMNS; c++)
    placed[c] = g_array_new (FALSE, FALSE, sizeof (Placed));

  /* News is a change of state since we last looked, and a state changes
   * only with its case: only the whistled among the changed are read. */
  gtk_bitset_intersect (self->unseen, self->escalated);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->unseen, &i); ok && i < n;
       ok = gtk_bitset_iter_next (&iter, &i))
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      const char *id = gw_case_get_id (entry->kase);

      if (GPOINTER_TO_INT (g_hash_table_lookup (self->seen, id)) != (int) entry->state + 1)
        {
          if (self->loaded && !self->quiet)
            tell_news (self, entry->kase, entry->e);
          g_hash_table_insert (self->seen, g_strdup (id), GINT_TO_POINTER (entry->state + 1));
        }
    }
  gtk_bitset_remove_all (self->unseen);

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, self->escalated, &i); ok && i < n;
       ok = gtk_bitset_iter_next (&iter, &i))
    {
      Entry *entry = g_ptr_array_index (self->entries, i);
      int column;

      if ((column = column_of (entry->state, entry->resolved, now)) < 0 || !passes_filters (&filters, entry))
        continue;
      g_array_append_vals (placed[column], &(Placed) { entry->kase, entry->key, i }, 1);
    }
  self->loaded = n > 0;

  for (guint c = 0; c < GW_BOARD_N_COLUMNS; c++)
    {
      char heading[128];

      g_array_sort (placed[c], compare_placed);
      /* Cards are made for eyes: a board out of sight keeps its counts
       * and its news, and makes its cards when it is shown. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        fill_column (self, c, placed[c], now);
      self->counts[c] = placed[c]->len;
      total += placed[c]->len;
      g_snprintf (heading, sizeof heading, "%s · %u", column_title (c), placed[c]->len);
      gtk_label_set_text (self->headings[c], heading);
    }
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->timed_stale = FALSE;
  {
    g_autofree char *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u escalation", "%u escalations", total), total);

    gtk_label_set_text (self->summary, summary);
  }
  for (guint c = 0; c < GW_BOARD_N_COLUMNS; c++)
    g_array_unref (placed[c]);
  return G_SOURCE_REMOVE;
}

static void
queue_rebuild (GwEscalationBoard *self)
{
  /* A page of the feed is one rebuild. */
  if (self->rebuild_id == 0)
    self->rebuild_id = g_timeout_add (200, rebuild, self);
}

/* Which cases have a whistle, kept as the model changes: a rebuild then
 * looks at those, not at each of 100,000 cases. */
static void
on_model_changed (GwEscalationBoard *self,
                  guint              position,
                  guint              removed,
                  guint              added)
{
  guint n = gw_case_model_get_size (self->model);

  /* The model only grows at its end or replaces in place. */
  if (!(removed == added || (removed == 0 && position + added == n)))
    {
      gtk_bitset_remove_all (self->escalated);
      g_ptr_array_set_size (self->entries, 0);
      position = 0;
      added = n;
    }
  if (self->entries->len < n)
    g_ptr_array_set_size (self->entries, n);
  for (guint i = position; i < position + added && i < n; i++)
    {
      Entry *entry = entry_new (gw_case_model_get (self->model, i));

      g_clear_pointer (&g_ptr_array_index (self->entries, i), entry_free);
      g_ptr_array_index (self->entries, i) = entry;
      if (entry)
        gtk_bitset_add (self->escalated, i);
      else
        gtk_bitset_remove (self->escalated, i);
    }
  gtk_bitset_add_range (self->unseen, position, added);
  queue_rebuild (self);
}

static void
on_filter_changed (GwEscalationBoard *self)
{
  /* Not while the template is still being built. */
  if (self->lists[0] == NULL)
    return;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

/* A card activated: its row names the case as the action's target. */
static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_signal_emit (widget, signals[CASE_ACTIVATED], 0, g_variant_get_string (param, NULL));
}

static void
gw_escalation_board_dispose (GObject *object)
{
  GwEscalationBoard *self = (GwEscalationBoard *) object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  g_clear_pointer (&self->escalated, gtk_bitset_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->unseen, gtk_bitset_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_ESCALATION_BOARD);
  gw_reference_data_follow (&self->reference, NULL, self, NULL);
  g_clear_pointer (&self->department_ids, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->user, g_free);
  for (guint c = 0; c < GW_BOARD_N_COLUMNS; c++)
    g_clear_pointer (&self->shown[c], g_free);

  G_OBJECT_CLASS (gw_escalation_board_parent_class)->dispose (object);
}

static void
gw_escalation_board_map (GtkWidget *widget)
{
  GwEscalationBoard *self = GW_ESCALATION_BOARD (widget);

  GTK_WIDGET_CLASS (gw_escalation_board_parent_class)->map (widget);
  /* The cards, as they are now, before the first frame shows them. */
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

static void
gw_escalation_board_class_init (GwEscalationBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_escalation_board_dispose;
  widget_class->map = gw_escalation_board_map;

  /* A card was chosen: the case's id. */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* (title, body, case id): something came to the user's level. */
  signals[NEWS] = g_signal_new ("news", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-escalation-board.ui");
  gtk_widget_class_bind_template_child (widget_class, GwEscalationBoard, box);
  gtk_widget_class_bind_template_child (widget_class, GwEscalationBoard, level_filter);
  gtk_widget_class_bind_template_child (widget_class, GwEscalationBoard, department_filter);
  gtk_widget_class_bind_template_child (widget_class, GwEscalationBoard, summary);
  gtk_widget_class_bind_template_child (widget_class, GwEscalationBoard, columns_box);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_install_action (widget_class, "board.open-case", "s", open_case_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-escalation-board");
}

static void
gw_escalation_board_init (GwEscalationBoard *self)
{
  g_autoptr(GtkStringList) departments = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->escalated = gtk_bitset_new_empty ();
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->unseen = gtk_bitset_new_empty ();
  self->calendar = gw_work_calendar_new_china ();
  gtk_string_list_append (departments, _("All departments"));
  gtk_drop_down_set_model (self->department_filter, G_LIST_MODEL (departments));

  for (guint c = 0; c < GW_BOARD_N_COLUMNS; c++)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *heading = gtk_label_new (column_title (c));
      GtkWidget *scroller = gtk_scrolled_window_new ();
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *empty = gtk_label_new (column_empty_text (c));

      gtk_widget_set_size_request (column, 200, -1);
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_set_margin_start (heading, 6);
      if (c == GW_BOARD_OVERDUE)
        gtk_widget_add_css_class (heading, "error");
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
      gtk_widget_set_margin_top (empty, 12);
      gtk_widget_set_margin_bottom (empty, 12);
      gtk_widget_set_margin_start (empty, 12);
      gtk_widget_set_margin_end (empty, 12);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list), empty);
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_set_valign (list, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, column_title (c), -1);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
      gtk_box_append (GTK_BOX (column), heading);
      gtk_box_append (GTK_BOX (column), scroller);
      gtk_box_append (GTK_BOX (self->columns_box), column);
      self->lists[c] = GTK_LIST_BOX (list);
      self->headings[c] = GTK_LABEL (heading);
    }
}

void
gw_escalation_board_set_model (GwEscalationBoard *self,
                               GwCaseModel       *model)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  g_hash_table_remove_all (self->seen);
  self->loaded = FALSE;
  gtk_bitset_remove_all (self->escalated);
  g_ptr_array_set_size (self->entries, 0);
  gtk_bitset_remove_all (self->unseen);
  if (model)
    {
      g_signal_connect_swapped (model, "items-changed", G_CALLBACK (on_model_changed), self);
      on_model_changed (self, 0, 0, gw_case_model_get_size (model));
    }
  else
    queue_rebuild (self);
}

/* The reference data was read again: the department filter follows, and
 * the cards name what they call by the new names. */
static void
on_reference_changed (GwEscalationBoard *self)
{
  GPtrArray *departments = self->reference ? gw_reference_data_get_departments (self->reference) : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *chosen = NULL;
  guint selected;

  /* The same departments again change nothing, and keep the choice. */
  if (departments && self->department_ids && departments->len + 1 == self->department_ids->len)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < departments->len; i++)
        same = g_str_equal (gw_department_get_id (g_ptr_array_index (departments, i)),
                            g_ptr_array_index (self->department_ids, i + 1)) &&
               g_strcmp0 (gw_department_get_display_name (g_ptr_array_index (departments, i)),
                          gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (self->department_filter)), i + 1)) == 0;
      if (same)
        {
          queue_rebuild (self);
          return;
        }
    }

  selected = gtk_drop_down_get_selected (self->department_filter);
  if (self->department_ids && selected != GTK_INVALID_LIST_POSITION && selected < self->department_ids->len)
    chosen = g_ptr_array_index (self->department_ids, selected);
  {
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    guint keep = 0;

    g_ptr_array_add (ids, g_strdup (""));
    gtk_string_list_append (names, _("All departments"));
    for (guint i = 0; departments && i < departments->len; i++)
      {
        GwDepartment *d = g_ptr_array_index (departments, i);

        if (g_strcmp0 (chosen, gw_department_get_id (d)) == 0)
          keep = ids->len;
        g_ptr_array_add (ids, g_strdup (gw_department_get_id (d)));
        gtk_string_list_append (names, gw_department_get_display_name (d));
      }
    g_clear_pointer (&self->department_ids, g_ptr_array_unref);
    self->department_ids = g_steal_pointer (&ids);
    gtk_drop_down_set_model (self->department_filter, G_LIST_MODEL (names));
    gtk_drop_down_set_selected (self->department_filter, keep);
  }
  /* A department's officer sees what the department owes. */
  if (self->role_known && self->role == GW_ROLE_DEPARTMENT)
    gw_escalation_board_set_department (self, self->user);
  queue_rebuild (self);
}

/* Where the board finds the names of what whistles call and the whistle
 * list's items; it follows its "changed". */
void
gw_escalation_board_set_reference_data (GwEscalationBoard *self,
                                        GwReferenceData   *reference)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  if (gw_reference_data_follow (&self->reference, reference, self, G_CALLBACK (on_reference_changed)))
    on_reference_changed (self);
}

void
gw_escalation_board_set_user (GwEscalationBoard *self,
                              gboolean           role_known,
                              GwRole             role,
                              const char        *user)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  self->role_known = role_known;
  self->role = role;
  g_free (self->user);
  self->user = g_strdup (user);
  if (role_known && role == GW_ROLE_DEPARTMENT)
    gw_escalation_board_set_department (self, user);
}

/* NULL: every department. */
void
gw_escalation_board_set_department (GwEscalationBoard *self,
                                    const char        *department_id)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  for (guint i = 0; self->department_ids && i < self->department_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->department_ids, i), department_id ? department_id : "") == 0)
      {
        gtk_drop_down_set_selected (self->department_filter, i);
        if (department_id)
          gtk_drop_down_set_selected (self->level_filter, GW_LEVEL_COUNTY);
        return;
      }
}

/* While the window takes in a first read of the cases a slice at a time,
 * what comes in is the first look, not news: the board looks at each
 * slice quietly, and at the last before it speaks again. */
void
gw_escalation_board_set_quiet (GwEscalationBoard *self,
                               gboolean           quiet)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  if (!quiet && self->quiet && self->rebuild_id)
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      rebuild (self);
    }
  self->quiet = quiet;
}

/* Time passed: time left to report changes. */
void
gw_escalation_board_refresh (GwEscalationBoard *self)
{
  g_return_if_fail (GW_IS_ESCALATION_BOARD (self));

  self->timed_stale = TRUE;
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

guint
gw_escalation_board_get_count (GwEscalationBoard *self,
                               GwBoardColumn      column)
{
  g_return_val_if_fail (GW_IS_ESCALATION_BOARD (self), 0);
  g_return_val_if_fail (column < GW_BOARD_N_COLUMNS, 0);

  return self->counts[column];
}
