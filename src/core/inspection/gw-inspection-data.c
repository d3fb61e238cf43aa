/* gw-inspection-data.c: what joint inspections are planned over
 *
 * The catalogue (items by target category and department) is data,
 * built in; targets and inspectors come from the town server, or, for the
 * demo, the benchmark and the tests, from a deterministic generator. Plain
 * arrays: the planner walks them thousands of times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "gw-error.h"
#include "gw-inspection-data.h"
#include "gw-json.h"

GResource *gw_core_get_resource (void);

struct _GwInspectionData
{
  GObject parent_instance;
  GArray *categories;       /* of GwTargetCategory */
  GArray *items;            /* of GwInspectionItem */
  GArray *targets;          /* of GwInspectionTarget */
  GArray *inspectors;       /* of GwInspector */
  GStrv departments;
  double *category_share;
  GHashTable *target_index; /* id → index + 1 */
};

G_DEFINE_FINAL_TYPE (GwInspectionData, gw_inspection_data, G_TYPE_OBJECT)

static const char * const risk_names[] = { "low", "normal", "high" };

const char *
gw_risk_to_string (GwRisk risk)
{
  g_return_val_if_fail (risk <= GW_RISK_HIGH, "normal");
  return risk_names[risk];
}

gboolean
gw_risk_from_string (const char *name,
                     GwRisk     *risk)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (risk_names); i++)
    if (g_str_equal (name, risk_names[i]))
      {
        *risk = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_risk_label (GwRisk risk)
{
  switch (risk)
    {
    case GW_RISK_LOW: return _("Low risk");
    case GW_RISK_HIGH: return _("High risk");
    case GW_RISK_NORMAL:
    default: return _("Normal risk");
    }
}

static void
clear_category (gpointer data)
{
  GwTargetCategory *c = data;

  g_free (c->code);
  g_free (c->name);
  g_free (c->name_en);
}

static void
clear_item (gpointer data)
{
  GwInspectionItem *i = data;

  g_free (i->code);
  g_free (i->category);
  g_free (i->department);
  g_free (i->name);
  g_free (i->name_en);
  g_free (i->basis);
}

static void
clear_target (gpointer data)
{
  GwInspectionTarget *t = data;

  g_free (t->id);
  g_free (t->name);
  g_free (t->credit_code);
  g_free (t->category);
  g_free (t->address);
  g_free (t->grid);
}

static void
clear_inspector (gpointer data)
{
  GwInspector *i = data;

  g_free (i->id);
  g_free (i->name);
  g_free (i->department);
  g_strfreev (i->qualifications);
  g_strfreev (i->conflicts);
}

static void
gw_inspection_data_finalize (GObject *object)
{
  GwInspectionData *self = (GwInspectionData *) object;

  g_clear_pointer (&self->categories, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_pointer (&self->inspectors, g_array_unref);
  g_clear_pointer (&self->departments, g_strfreev);
  g_clear_pointer (&self->category_share, g_free);
  g_clear_pointer (&self->target_index, g_hash_table_unref);

  G_OBJECT_CLASS (gw_inspection_data_parent_class)->finalize (object);
}

static void
gw_inspection_data_class_init (GwInspectionDataClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_inspection_data_finalize;
}

static void
gw_inspection_data_init (GwInspectionData *self)
{
  self->categories = g_array_new (FALSE, TRUE, sizeof (GwTargetCategory));
  g_array_set_clear_func (self->categories, clear_category);
  self->items = g_array_new (FALSE, TRUE, sizeof (GwInspectionItem));
  g_array_set_clear_func (self->items, clear_item);
  self->targets = g_array_new (FALSE, TRUE, sizeof (GwInspectionTarget));
  g_array_set_clear_func (self->targets, clear_target);
  self->inspectors = g_array_new (FALSE, TRUE, sizeof (GwInspector));
  g_array_set_clear_func (self->inspectors, clear_inspector);
  self->target_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GwInspectionData *
gw_inspection_data_new_catalogue (GError **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (gw_core_get_resource (), "/org/gridwatch/Core/inspection/catalogue.json",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  g_autoptr(JsonNode) root = NULL;

  if (bytes == NULL || !(root = gw_json_parse_bytes (bytes, error)))
    return NULL;
  return gw_inspection_data_new_from_catalogue (root, error);
}

GwInspectionData *
gw_inspection_data_new_from_catalogue (JsonNode  *root,
                                       GError   **error)
{
  g_autoptr(GwInspectionData) self = g_object_new (GW_TYPE_INSPECTION_DATA, NULL);
  JsonObject *obj;
  JsonArray *categories, *items;

  obj = gw_json_node_get_object (root);
  categories = gw_json_object_get_array (obj, "target_categories");
  items = gw_json_object_get_array (obj, "items");
  self->departments = gw_json_object_dup_strv (obj, "departments");
  if (categories == NULL || items == NULL || self->departments == NULL)
    return gw_json_fail (error, _("the inspection catalogue is incomplete"));

  self->category_share = g_new0 (double, json_array_get_length (categories));
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *c = json_array_get_object_element (categories, i);
      GwTargetCategory category = {
        g_strdup (gw_json_object_get_string (c, "code")), g_strdup (gw_json_object_get_string (c, "name")),
        g_strdup (gw_json_object_get_string (c, "name_en")),
      };

      gw_json_object_get_number (c, "share", &self->category_share[i]);
      g_array_append_val (self->categories, category);
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      GwInspectionItem item = {
        g_strdup (gw_json_object_get_string (o, "code")), g_strdup (gw_json_object_get_string (o, "category")),
        g_strdup (gw_json_object_get_string (o, "department")), g_strdup (gw_json_object_get_string (o, "name")),
        g_strdup (gw_json_object_get_string (o, "name_en")), g_strdup (gw_json_object_get_string (o, "basis")),
        (guint) gw_json_object_get_int (o, "per_year", 1),
        g_strcmp0 (gw_json_object_get_string (o, "kind"), "random") == 0 ? GW_ITEM_RANDOM : GW_ITEM_PRIORITY,
      };

      if (item.code == NULL || item.category == NULL || item.department == NULL || item.per_year == 0)
        {
          clear_item (&item);
          return gw_json_fail (error, _("the inspection catalogue has an incomplete item"));
        }
      g_array_append_val (self->items, item);
    }
  return g_steal_pointer (&self);
}

void
gw_inspection_data_add_target (GwInspectionData         *self,
                               const GwInspectionTarget *target)
{
  GwInspectionTarget copy = *target;

  g_return_if_fail (GW_IS_INSPECTION_DATA (self));

  copy.id = g_strdup (target->id);
  copy.name = g_strdup (target->name);
  copy.credit_code = g_strdup (target->credit_code);
  copy.category = g_strdup (target->category);
  copy.address = g_strdup (target->address);
  copy.grid = g_strdup (target->grid);
  g_array_append_val (self->targets, copy);
  g_hash_table_replace (self->target_index, g_strdup (copy.id), GUINT_TO_POINTER (self->targets->len));
}

/* Where a target is, once known better than when it was added. */
void
gw_inspection_data_place_target (GwInspectionData *self,
                                 guint             index,
                                 double            lat,
                                 double            lon,
                                 const char       *grid)
{
  GwInspectionTarget *target;

  g_return_if_fail (GW_IS_INSPECTION_DATA (self));
  g_return_if_fail (index < self->targets->len);

  target = &g_array_index (self->targets, GwInspectionTarget, index);
  target->lat = lat;
  target->lon = lon;
  g_free (target->grid);
  target->grid = g_strdup (grid);
}

void
gw_inspection_data_add_inspector (GwInspectionData  *self,
                                  const GwInspector *inspector)
{
  GwInspector copy = *inspector;

  g_return_if_fail (GW_IS_INSPECTION_DATA (self));

  copy.id = g_strdup (inspector->id);
  copy.name = g_strdup (inspector->name);
  copy.department = g_strdup (inspector->department);
  copy.qualifications = g_strdupv (inspector->qualifications);
  copy.conflicts = inspector->conflicts ? g_strdupv (inspector->conflicts) : g_new0 (char *, 1);
  g_array_append_val (self->inspectors, copy);
}

/* ---- the demo's county ---- */

static const char * const shop_words[] = {
  "老张", "鑫源", "福满园", "兴隆", "金穗", "四季", "鲁味", "孟府", "峄山", "岗山", "顺发", "宏达", "新华", "民生",
  "东方", "和盛", "瑞丰", "家和", "恒泰", "利民", "华兴", "康乐", "长青", "泰和",
};
static const char * const kind_words[][4] = {
  { "家常菜馆", "拉面馆", "快餐店", "烧烤店" },
  { "化工经营部", "危化品仓储站", "油品经营部", "气体充装站" },
  { "住宅项目工地", "道路改造工地", "厂房建设工地", "安置房工地" },
  { "农贸市场", "蔬菜批发市场", "便民市场", "早市" },
  { "小学食堂", "中学食堂", "幼儿园食堂", "职业学校食堂" },
  { "豆制品作坊", "面食加工坊", "五金加工坊", "木器加工坊" },
};
static const char * const roads[] = {
  "唐王山路", "岗山路", "太平东路", "铁山路", "峄山南路", "金山大道", "恒丰路", "仙营路", "矿建路", "东滩路",
};
static const char * const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "孟", "颜", "朱" };
static const char * const given[] = { "伟", "敏", "静", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "超", "明", "霞", "平", "刚" };

static guint
pick_category (GwInspectionData *self,
               GRand            *rand)
{
  double r = g_rand_double (rand), total = 0;

  for (guint i = 0; i < self->categories->len; i++)
    if ((total += self->category_share[i]) > r)
      return i;
  return self->categories->len - 1;
}

/* Deterministic: the same seed gives the same county, in every build. */
void
gw_inspection_data_add_demo (GwInspectionData *self,
                             guint             n_targets,
                             guint             inspectors_per_department,
                             guint32           seed,
                             double            min_lat,
                             double            min_lon,
                             double            max_lat,
                             double            max_lon)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GDate today;
  guint first = self->targets->len;

  g_return_if_fail (GW_IS_INSPECTION_DATA (self));

  g_date_set_dmy (&today, 1, 1, 2026);
  for (guint i = 0; i < n_targets; i++)
    {
      guint c = pick_category (self, rand);
      double r = g_rand_double (rand);
      g_autofree char *id = g_strdup_printf ("T%05u", first + i + 1);
      g_autofree char *name = g_strdup_printf ("%s%s", shop_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (shop_words))],
                                               kind_words[c % G_N_ELEMENTS (kind_words)][g_rand_int_range (rand, 0, 4)]);
      g_autofree char *credit = g_strdup_printf ("91370883MA%02X%06X", g_rand_int_range (rand, 0, 256),
                                                 g_rand_int_range (rand, 0, 0xffffff));
      g_autofree char *address = g_strdup_printf ("邹城市%s%d号", roads[g_rand_int_range (rand, 0, G_N_ELEMENTS (roads))],
                                                  g_rand_int_range (rand, 1, 999));
      GwInspectionTarget t = {
        id, name, credit, g_array_index (self->categories, GwTargetCategory, c).code, address,
        g_rand_double_range (rand, min_lat, max_lat), g_rand_double_range (rand, min_lon, max_lon), NULL,
        r < 0.4 ? GW_RISK_LOW : r < 0.85 ? GW_RISK_NORMAL : GW_RISK_HIGH, 0, 0,
      };

      t.complaints = t.risk == GW_RISK_HIGH ? g_rand_int_range (rand, 1, 9) : g_rand_int_range (rand, 0, 3);
      /* Most were inspected within the last year. */
      if (g_rand_double (rand) < 0.8)
        t.last_inspected = g_date_get_julian (&today) - g_rand_int_range (rand, 1, 365);
      gw_inspection_data_add_target (self, &t);
    }

  for (guint d = 0; self->departments[d]; d++)
    for (guint k = 0; k < inspectors_per_department; k++)
      {
        g_autoptr(GStrvBuilder) qualified = g_strv_builder_new ();
        g_autoptr(GStrvBuilder) conflicts = g_strv_builder_new ();
        g_auto(GStrv) q = NULL, cs = NULL;
        g_autofree char *id = g_strdup_printf ("%s-%02u", self->departments[d], k + 1);
        g_autofree char *name = g_strdup_printf ("%s%s%s", surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                                 given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                                                 g_rand_boolean (rand) ? given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))] : "");
        GwInspector inspector = { id, name, self->departments[d], NULL, NULL };

        /* Qualified for the kinds of target the department inspects,
         * most for all of them; some are not yet. */
        for (guint c = 0; c < self->categories->len; c++)
          {
            const char *code = g_array_index (self->categories, GwTargetCategory, c).code;
            gboolean inspects = FALSE;

            for (guint i = 0; i < self->items->len && !inspects; i++)
              inspects = g_str_equal (g_array_index (self->items, GwInspectionItem, i).category, code) &&
                         g_str_equal (g_array_index (self->items, GwInspectionItem, i).department, self->departments[d]);
            if (inspects && (k % 4 != 3 || g_rand_double (rand) < 0.5))
              g_strv_builder_add (qualified, code);
          }
        /* A relative's business or a former employer: recusal. */
        for (guint n = g_rand_int_range (rand, 0, 3); n > 0 && self->targets->len > 0; n--)
          g_strv_builder_add (conflicts, g_array_index (self->targets, GwInspectionTarget,
                                                        g_rand_int_range (rand, 0, self->targets->len)).id);
        inspector.qualifications = q = g_strv_builder_end (qualified);
        inspector.conflicts = cs = g_strv_builder_end (conflicts);
        gw_inspection_data_add_inspector (self, &inspector);
      }
}

const GwInspectionTarget *
gw_inspection_data_get_targets (GwInspectionData *self,
                                guint            *n)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), NULL);
  *n = self->targets->len;
  return (const GwInspectionTarget *) self->targets->data;
}

const GwInspectionItem *
gw_inspection_data_get_items (GwInspectionData *self,
                              guint            *n)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), NULL);
  *n = self->items->len;
  return (const GwInspectionItem *) self->items->data;
}

const GwInspector *
gw_inspection_data_get_inspectors (GwInspectionData *self,
                                   guint            *n)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), NULL);
  *n = self->inspectors->len;
  return (const GwInspector *) self->inspectors->data;
}

const GwTargetCategory *
gw_inspection_data_get_categories (GwInspectionData *self,
                                   guint            *n)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), NULL);
  *n = self->categories->len;
  return (const GwTargetCategory *) self->categories->data;
}

const char * const *
gw_inspection_data_get_departments (GwInspectionData *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), NULL);
  return (const char * const *) self->departments;
}

int
gw_inspection_data_find_target (GwInspectionData *self,
                                const char       *id)
{
  g_return_val_if_fail (GW_IS_INSPECTION_DATA (self), -1);
  return id ? (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->target_index, id)) - 1 : -1;
}

int
gw_inspection_data_find_item (GwInspectionData *self,
                              const char       *code)
{
  for (guint i = 0; code && i < self->items->len; i++)
    if (g_str_equal (g_array_index (self->items, GwInspectionItem, i).code, code))
      return i;
  return -1;
}

int
gw_inspection_data_find_inspector (GwInspectionData *self,
                                   const char       *id)
{
  for (guint i = 0; id && i < self->inspectors->len; i++)
    if (g_str_equal (g_array_index (self->inspectors, GwInspector, i).id, id))
      return i;
  return -1;
}

/* ---- JSON, as the town server serves them ---- */

static char *
julian_text (guint32 julian)
{
  GDate date;

  if (julian == 0)
    return NULL;
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

static guint32
julian_of (const char *text)
{
  int y, m, d;
  GDate date;

  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

JsonNode *
gw_inspection_data_targets_to_json (GwInspectionData *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->targets->len; i++)
    {
      const GwInspectionTarget *t = &g_array_index (self->targets, GwInspectionTarget, i);
      g_autofree char *last = julian_text (t->last_inspected);

      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "id", t->id);
      gw_json_builder_add_string (b, "name", t->name);
      gw_json_builder_add_string (b, "credit_code", t->credit_code);
      gw_json_builder_add_string (b, "category", t->category);
      gw_json_builder_add_string (b, "address", t->address);
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, t->lat);
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, t->lon);
      gw_json_builder_add_string (b, "grid", t->grid);
      gw_json_builder_add_string (b, "risk", gw_risk_to_string (t->risk));
      json_builder_set_member_name (b, "complaints");
      json_builder_add_int_value (b, t->complaints);
      gw_json_builder_add_string (b, "last_inspected", last);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
gw_inspection_data_inspectors_to_json (GwInspectionData *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->inspectors->len; i++)
    {
      const GwInspector *x = &g_array_index (self->inspectors, GwInspector, i);

      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "id", x->id);
      gw_json_builder_add_string (b, "name", x->name);
      gw_json_builder_add_string (b, "department", x->department);
      gw_json_builder_add_strv (b, "qualifications", (const char * const *) x->qualifications);
      gw_json_builder_add_strv (b, "conflicts", (const char * const *) x->conflicts);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
gw_inspection_data_catalogue_to_json (GwInspectionData *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  /* The whole catalogue, so that a client can plan with the county's:
   * gw_inspection_data_new_from_catalogue() reads it back. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target_categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->categories->len; i++)
    {
      const GwTargetCategory *c = &g_array_index (self->categories, GwTargetCategory, i);

      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "code", c->code);
      gw_json_builder_add_string (b, "name", c->name);
      gw_json_builder_add_string (b, "name_en", c->name_en);
      json_builder_set_member_name (b, "share");
      json_builder_add_double_value (b, self->category_share ? self->category_share[i] : 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  gw_json_builder_add_strv (b, "departments", (const char * const *) self->departments);
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->items->len; i++)
    {
      const GwInspectionItem *x = &g_array_index (self->items, GwInspectionItem, i);

      json_builder_begin_object (b);
      gw_json_builder_add_string (b, "code", x->code);
      gw_json_builder_add_string (b, "category", x->category);
      gw_json_builder_add_string (b, "department", x->department);
      gw_json_builder_add_string (b, "name", x->name);
      gw_json_builder_add_string (b, "name_en", x->name_en);
      gw_json_builder_add_string (b, "basis", x->basis);
      json_builder_set_member_name (b, "per_year");
      json_builder_add_int_value (b, x->per_year);
      gw_json_builder_add_string (b, "kind", x->kind == GW_ITEM_RANDOM ? "random" : "priority");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Targets and inspectors as the server sent them ({"items": [...]});
 * all or nothing. */
gboolean
gw_inspection_data_load_json (GwInspectionData  *self,
                              JsonNode          *targets,
                              JsonNode          *inspectors,
                              GError           **error)
{
  JsonArray *t = gw_json_object_get_array (gw_json_node_get_object (targets), "items");
  JsonArray *x = gw_json_object_get_array (gw_json_node_get_object (inspectors), "items");
  g_autoptr(GArray) new_targets = NULL;

  if (t == NULL || x == NULL)
    return gw_json_fail (error, _("inspection targets or inspectors are not lists")), FALSE;
  for (guint i = 0; i < json_array_get_length (t); i++)
    {
      JsonObject *o = gw_json_node_get_object (json_array_get_element (t, i));
      GwInspectionTarget target = { 0 };

      if (o == NULL || gw_json_object_get_string (o, "id") == NULL ||
          !gw_risk_from_string (gw_json_object_get_string (o, "risk"), &target.risk) ||
          !gw_json_object_get_number (o, "lat", &target.lat) || !gw_json_object_get_number (o, "lon", &target.lon))
        return gw_json_fail (error, _("inspection target %u is incomplete"), i), FALSE;
    }
  g_array_set_size (self->targets, 0);
  g_array_set_size (self->inspectors, 0);
  g_hash_table_remove_all (self->target_index);
  for (guint i = 0; i < json_array_get_length (t); i++)
    {
      JsonObject *o = gw_json_node_get_object (json_array_get_element (t, i));
      GwInspectionTarget target = {
        (char *) gw_json_object_get_string (o, "id"), (char *) gw_json_object_get_string (o, "name"),
        (char *) gw_json_object_get_string (o, "credit_code"), (char *) gw_json_object_get_string (o, "category"),
        (char *) gw_json_object_get_string (o, "address"), 0, 0, (char *) gw_json_object_get_string (o, "grid"),
        GW_RISK_NORMAL, (guint) gw_json_object_get_int (o, "complaints", 0),
        julian_of (gw_json_object_get_string (o, "last_inspected")),
      };

      gw_risk_from_string (gw_json_object_get_string (o, "risk"), &target.risk);
      gw_json_object_get_number (o, "lat", &target.lat);
      gw_json_object_get_number (o, "lon", &target.lon);
      gw_inspection_data_add_target (self, &target);
    }
  for (guint i = 0; i < json_array_get_length (x); i++)
    {
      JsonObject *o = gw_json_node_get_object (json_array_get_element (x, i));
      g_auto(GStrv) q = o ? gw_json_object_dup_strv (o, "qualifications") : NULL;
      g_auto(GStrv) c = o ? gw_json_object_dup_strv (o, "conflicts") : NULL;
      GwInspector inspector = {
        (char *) gw_json_object_get_string (o, "id"), (char *) gw_json_object_get_string (o, "name"),
        (char *) gw_json_object_get_string (o, "department"), q ? q : (char *[]) { NULL }, c,
      };

      if (inspector.id && inspector.department)
        gw_inspection_data_add_inspector (self, &inspector);
    }
  return TRUE;
}
