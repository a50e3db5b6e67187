/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-record"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dt-record.h"

static const char * const modes[] = { "shared", "independent", NULL };

static const DtParamSpec specs[] = {
  { "seed", "Seed", "Random seed", DT_PARAM_INT, 0, 1e9, 1, NULL, NULL, FALSE, 0 },
  { "n_train", "Training set", "Training examples", DT_PARAM_INT, 1, 100000, 200, NULL, NULL, TRUE, 0 },
  { "lr", "Learning rate", "Step size", DT_PARAM_DOUBLE, 1e-5, 10, 0.1, NULL, NULL, TRUE, 4 },
  { "mode", "Mode", "How halves share data", DT_PARAM_CHOICE, 0, 0, 0, "shared", modes, FALSE, 0 },
  { "dataset", "Data set", "Where the data come from", DT_PARAM_STRING, 0, 0, 0, "synthetic", NULL, FALSE, 0 },
  { "widths", "Widths", "Hidden widths", DT_PARAM_INT_LIST, 1, 4096, 0, "8,32,128", NULL, TRUE, 0 },
  { "alphas", "Alphas", "Path positions", DT_PARAM_DOUBLE_LIST, 0, 1, 0, "0,0.5,1", NULL, FALSE, 2 },
};

static const DtExperiment test_experiment = {
  .id = "test-exp",
  .title = "Test experiment",
  .summary = "An experiment that only exists in this test",
  .params = specs,
  .n_params = G_N_ELEMENTS (specs),
};

static const DtExperiment other_experiment = {
  .id = "other-exp",
  .title = "Other experiment",
  .summary = "Another one",
  .params = specs,
  .n_params = G_N_ELEMENTS (specs),
};

/* Comparison helpers */

/* Bit-exact, except that every NaN equals every NaN. */
static gboolean
same_double (double a,
             double b)
{
  if (isnan (a) && isnan (b))
    return TRUE;

  return memcmp (&a, &b, sizeof a) == 0;
}

static void
assert_arrays_equal (const GArray *a,
                     const GArray *b)
{
  if (a == NULL || b == NULL)
    {
      g_assert_true (a == b);
      return;
    }

  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    if (!same_double (g_array_index (a, double, i), g_array_index (b, double, i)))
      g_error ("Element %u differs: %.17g vs %.17g", i,
               g_array_index (a, double, i), g_array_index (b, double, i));
}

static void
assert_strings_equal (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

static void
assert_nodes_equal (JsonNode *a,
                    JsonNode *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (json_node_get_node_type (a), ==, json_node_get_node_type (b));

  switch (json_node_get_node_type (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        GList *ma = json_object_get_members (oa);
        GList *mb = json_object_get_members (ob);

        g_assert_cmpuint (g_list_length (ma), ==, g_list_length (mb));
        for (GList *la = ma, *lb = mb; la != NULL; la = la->next, lb = lb->next)
          {
            g_assert_cmpstr (la->data, ==, lb->data);
            assert_nodes_equal (json_object_get_member (oa, la->data),
                                json_object_get_member (ob, lb->data));
          }
        g_list_free (ma);
        g_list_free (mb);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
        for (guint i = 0; i < json_array_get_length (aa); i++)
          assert_nodes_equal (json_array_get_element (aa, i), json_array_get_element (ab, i));
      }
      break;

    case JSON_NODE_VALUE:
      g_assert_true (json_node_get_value_type (a) == json_node_get_value_type (b));
      switch (json_node_get_value_type (a))
        {
        case G_TYPE_INT64:
          g_assert_cmpint (json_node_get_int (a), ==, json_node_get_int (b));
          break;
        case G_TYPE_DOUBLE:
          g_assert_true (same_double (json_node_get_double (a), json_node_get_double (b)));
          break;
        case G_TYPE_BOOLEAN:
          g_assert_cmpint (json_node_get_boolean (a), ==, json_node_get_boolean (b));
          break;
        case G_TYPE_STRING:
          g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
          break;
        default:
          g_assert_not_reached ();
        }
      break;

    case JSON_NODE_NULL:
    default:
      break;
    }
}

static void
assert_records_equal (DtRecord *a,
                      DtRecord *b)
{
  DtProvenance *pa = dt_record_get_provenance (a);
  DtProvenance *pb = dt_record_get_provenance (b);
  JsonNode *params_a = json_node_init_object (json_node_alloc (), dt_record_get_params (a));
  JsonNode *params_b = json_node_init_object (json_node_alloc (), dt_record_get_params (b));

  g_assert_cmpstr (dt_record_get_experiment (a), ==, dt_record_get_experiment (b));
  g_assert_cmpint (dt_record_get_status (a), ==, dt_record_get_status (b));
  g_assert_cmpstr (dt_record_get_message (a), ==, dt_record_get_message (b));

  assert_nodes_equal (params_a, params_b);
  json_node_unref (params_a);
  json_node_unref (params_b);

  g_assert_cmpstr (pa->app_version, ==, pb->app_version);
  g_assert_cmpstr (pa->created, ==, pb->created);
  g_assert_cmpuint (pa->seed, ==, pb->seed);
  g_assert_cmpstr (pa->blas, ==, pb->blas);
  g_assert_cmpint (pa->threads, ==, pb->threads);
  g_assert_true (same_double (pa->wall_seconds, pb->wall_seconds));
  g_assert_cmpstr (pa->host, ==, pb->host);

  g_assert_cmpuint (dt_record_get_n_series (a), ==, dt_record_get_n_series (b));
  for (guint i = 0; i < dt_record_get_n_series (a); i++)
    {
      const DtSeries *sa = dt_record_get_series (a, i);
      const DtSeries *sb = dt_record_get_series (b, i);

      g_assert_cmpstr (sa->id, ==, sb->id);
      g_assert_cmpstr (sa->label, ==, sb->label);
      g_assert_cmpint (sa->style, ==, sb->style);
      assert_arrays_equal (sa->x, sb->x);
      assert_arrays_equal (sa->y, sb->y);
      assert_arrays_equal (sa->err, sb->err);
    }

  g_assert_cmpuint (dt_record_get_n_plots (a), ==, dt_record_get_n_plots (b));
  for (guint i = 0; i < dt_record_get_n_plots (a); i++)
    {
      const DtPlotSpec *qa = dt_record_get_plot (a, i);
      const DtPlotSpec *qb = dt_record_get_plot (b, i);

      g_assert_cmpstr (qa->id, ==, qb->id);
      g_assert_cmpstr (qa->title, ==, qb->title);
      g_assert_cmpstr (qa->x_axis.label, ==, qb->x_axis.label);
      g_assert_cmpint (qa->x_axis.scale, ==, qb->x_axis.scale);
      g_assert_cmpstr (qa->y_axis.label, ==, qb->y_axis.label);
      g_assert_cmpint (qa->y_axis.scale, ==, qb->y_axis.scale);
      assert_strings_equal (qa->series, qb->series);
      assert_strings_equal (qa->notes, qb->notes);
      assert_arrays_equal (qa->vlines, qb->vlines);
      assert_strings_equal (qa->vline_labels, qb->vline_labels);
      g_assert_cmpint (qa->kind, ==, qb->kind);
      g_assert_cmpuint (qa->matrix.rows, ==, qb->matrix.rows);
      g_assert_cmpuint (qa->matrix.cols, ==, qb->matrix.cols);
      assert_arrays_equal (qa->matrix.values, qb->matrix.values);
    }
}

/* A record using every feature */

static JsonNode *
build_extra (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "kernel");
  json_builder_begin_array (builder);
  for (guint i = 0; i < 3; i++)
    {
      json_builder_begin_array (builder);
      for (guint j = 0; j < 3; j++)
        json_builder_add_double_value (builder, 1.0 / (1.0 + i + j));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, "quote \" backslash \\ tab \t newline \n bell \a, ünïcödé ✓");
  json_builder_set_member_name (builder, "flag");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "big");
  json_builder_add_int_value (builder, G_MININT64);
  json_builder_set_member_name (builder, "two");
  json_builder_add_double_value (builder, 2.0);
  json_builder_set_member_name (builder, "nothing");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "empty");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static DtRecord *
build_record (void)
{
  g_autoptr(DtParams) params = dt_params_new (specs, G_N_ELEMENTS (specs));
  DtRecord *record = dt_record_new ("test-exp");
  static const double special[] = {
    -0.0, 1e-320, 5e-324, 1e300, 0.1, 1.0 / 3.0, 2.0, 123456789012345678.0, -1e-7, 1e17,
  };
  double x[G_N_ELEMENTS (special)], err[G_N_ELEMENTS (special)];
  DtPlotSpec *spec;

  g_assert_true (dt_params_set_from_string (params, "lr", "0.0123456789", NULL));
  g_assert_true (dt_params_set_from_string (params, "widths", "4:4096:6", NULL));
  g_assert_true (dt_params_set_from_string (params, "alphas", "0.01:1:7", NULL));
  g_assert_true (dt_params_set_from_string (params, "mode", "independent", NULL));
  dt_record_set_params (record, params);

  dt_record_fill_provenance (record, 42, 2);
  dt_record_set_wall_seconds (record, 12.345678901234567);

  /* No error bars. */
  dt_record_add_series (record, "risk", "Risk", DT_STYLE_LINE);
  for (guint i = 0; i < 50; i++)
    dt_record_append_point (record, "risk", i + 1, 1.0 / (i + 1), NAN);

  /* Error bars that start after a few points. */
  dt_record_add_series (record, "variance", "Variance (± s.e.)", DT_STYLE_MARKERS);
  for (guint i = 0; i < 20; i++)
    dt_record_append_point (record, "variance", pow (2, i), sin (i), i < 5 ? NAN : 0.01 * i);

  /* Hard numbers, set at once, and NaN / infinite values. */
  dt_record_add_series (record, "special", NULL, DT_STYLE_DASHED);
  for (guint i = 0; i < G_N_ELEMENTS (special); i++)
    {
      x[i] = i;
      err[i] = i % 3 == 0 ? NAN : special[i] / 7;
    }
  dt_record_set_points (record, "special", x, special, err, G_N_ELEMENTS (special));
  dt_record_append_point (record, "special", 99, NAN, 1);

  dt_record_add_series (record, "empty", "Nothing yet", DT_STYLE_LINE);

  spec = dt_plot_spec_new ("risk", "Risk vs width", "width", DT_SCALE_LOG, "risk", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "risk");
  dt_plot_spec_add_series (spec, "variance");
  dt_record_add_plot (record, spec);
  dt_record_add_plot_note (record, "risk", "slope = -0.98");
  dt_record_add_plot_note (record, "risk", "peak at n = p");
  dt_record_add_plot_vline (record, "risk", 200, "interpolation threshold");
  dt_record_add_plot_vline (record, "risk", 0.5, NULL);

  spec = dt_plot_spec_new ("special", NULL, NULL, DT_SCALE_SYMLOG, "“y”", DT_SCALE_LOG);
  dt_plot_spec_add_series (spec, "special");
  dt_plot_spec_add_series (spec, "empty");
  dt_record_add_plot (record, spec);

  spec = dt_plot_spec_new ("nothing", "No series", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  dt_record_add_plot (record, spec);

  /* A heat map with an empty cell and awkward numbers. */
  {
    const double cells[] = { 1, 0, -0.0, 1e-300, NAN, 0.1, 2.5, -7 };

    dt_record_add_plot (record, dt_plot_spec_new_heatmap ("cells", "Cells", "column", "row",
                                                          2, 4, cells));
  }

  dt_record_set_extra (record, "summary", build_extra ());
  dt_record_set_extra (record, "mask", json_from_string ("[[1, 0, 1], [0, 0, 1]]", NULL));

  dt_record_set_status (record, DT_STATUS_FAILED, "Training diverged at \"step\" 17\n(lr too large)");

  return record;
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (NULL, &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_save_load (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(DtRecord) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  const DtSeries *special;
  DtProvenance *provenance;
  JsonNode *extra;
  gsize length;

  g_assert_true (dt_record_save (record, path, &error));
  g_assert_no_error (error);

  loaded = dt_record_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);

  /* Infinities are not JSON numbers: they come back as NaN. */
  special = dt_record_lookup_series (loaded, "special");
  g_assert_nonnull (special);
  g_assert_cmpstr (special->label, ==, "special");
  g_assert_cmpuint (special->y->len, ==, 11);
  g_assert_true (isnan (g_array_index (special->y, double, 10)));
  g_assert_true (signbit (g_array_index (special->y, double, 0)));

  assert_records_equal (record, loaded);

  /* What was written is what was read: the text is stable. */
  data = dt_record_to_data (record, &length);
  data2 = dt_record_to_data (loaded, NULL);
  g_assert_cmpuint (strlen (data), ==, length);
  g_assert_cmpstr (data, ==, data2);

  extra = dt_record_get_extra (loaded, "summary");
  assert_nodes_equal (extra, dt_record_get_extra (record, "summary"));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (json_node_get_object (extra), "two")),
                   ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (extra), "big"), ==, G_MININT64);
  assert_nodes_equal (dt_record_get_extra (loaded, "mask"), dt_record_get_extra (record, "mask"));
  g_assert_null (dt_record_get_extra (loaded, "nope"));

  provenance = dt_record_get_provenance (loaded);
  g_assert_cmpstr (provenance->app_version, ==, PACKAGE_VERSION);
  g_assert_cmpuint (provenance->seed, ==, 42);
  g_assert_cmpint (provenance->threads, ==, 2);
  g_assert_nonnull (provenance->blas);
  g_assert_nonnull (provenance->host);
  g_assert_true (g_str_has_suffix (provenance->created, "Z"));

  g_assert_cmpint (dt_record_get_status (loaded), ==, DT_STATUS_FAILED);
  g_assert_cmpstr (dt_record_get_message (loaded), ==, "Training diverged at \"step\" 17\n(lr too large)");

  /* Saving over an existing file works, and the result loads the same. */
  g_assert_true (dt_record_save (loaded, path, &error));
  g_assert_no_error (error);
  reloaded = dt_record_load (path, &error);
  g_assert_no_error (error);
  assert_records_equal (record, reloaded);

  remove_temp_dir (dir);
}

static void
test_layout (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autofree char *data = dt_record_to_data (record, NULL);
  static const char * const order[] = {
    "{\n  \"format\": \"descent-record\",\n  \"version\": 2,\n  \"experiment\": \"test-exp\",\n",
    "  \"status\": \"failed\",\n",
    "  \"message\": \"Training diverged at \\\"step\\\" 17\\n(lr too large)\",\n",
    "  \"params\": {\n    \"seed\": 1,\n    \"n_train\": 200,\n    \"lr\": 0.0123456789,\n",
    "    \"mode\": \"independent\",\n    \"dataset\": \"synthetic\",\n",
    "    \"widths\": [4, 16, 64, 256, 1024, 4096],\n",
    "  \"provenance\": {\n    \"app_version\": \"" PACKAGE_VERSION "\",\n",
    "    \"seed\": 42,\n",
    "    \"threads\": 2,\n    \"wall_seconds\": 12.345678901234567,\n",
    "  \"series\": [\n    {\n      \"id\": \"risk\",\n      \"label\": \"Risk\",\n      \"style\": \"line\",\n",
    "      \"x\": [1.0, 2.0, 3.0,",
    "\"style\": \"markers\"",
    "\"err\": [null, null, null, null, null, 0.05, ",
    "\"y\": [-0.0, 9.99988867182683e-321, 4.94065645841247e-324, 1e+300, 0.1, 0.3333333333333333, 2.0,",
    "  \"plots\": [\n",
    "\"x_axis\": {\"label\": \"width\", \"scale\": \"log\"}",
    "\"notes\": [\"slope = -0.98\", \"peak at n = p\"]",
    "\"vlines\": [\n        {\"x\": 200.0, \"label\": \"interpolation threshold\"},\n        {\"x\": 0.5, \"label\": \"\"}\n      ]",
    "\"x_axis\": {\"label\": \"\", \"scale\": \"symlog\"}",
    "\"series\": []",
    "  \"extra\": {\n    \"summary\": {\n      \"kernel\": [\n        [1.0, 0.5, 0.3333333333333333],\n",
    "\"text\": \"quote \\\" backslash \\\\ tab \\t newline \\n bell \\u0007, ünïcödé ✓\"",
    "\"big\": -9223372036854775808",
    "\"two\": 2.0",
    "\"nothing\": null",
    "\"empty\": {}",
    "\"mask\": [\n      [1, 0, 1],\n      [0, 0, 1]\n    ]",
    "\n}\n",
  };
  const char *at = data;

  /* The members appear in this order, formatted like this. */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *found = strstr (at, order[i]);

      if (found == NULL)
        g_error ("Expected “%s” after offset %zu in:\n%s", order[i], (size_t) (at - data), data);
      at = found + strlen (order[i]);
    }

  /* Long arrays are wrapped. */
  for (const char *line = data; line != NULL && *line != '\0';)
    {
      const char *end = strchr (line, '\n');
      gsize len = end != NULL ? (gsize) (end - line) : strlen (line);

      g_assert_cmpuint (len, <=, 110);
      line = end != NULL ? end + 1 : NULL;
    }
}

static void
test_status_and_message (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;

  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_RUNNING);
  g_assert_cmpstr (dt_status_to_string (DT_STATUS_RUNNING), ==, "running");
  g_assert_cmpstr (dt_status_to_string (DT_STATUS_COMPLETE), ==, "complete");
  g_assert_cmpstr (dt_status_to_string (DT_STATUS_CANCELLED), ==, "cancelled");
  g_assert_cmpstr (dt_status_to_string (DT_STATUS_FAILED), ==, "failed");
  g_assert_cmpstr (dt_scale_to_string (DT_SCALE_LINEAR), ==, "linear");
  g_assert_cmpstr (dt_scale_to_string (DT_SCALE_LOG), ==, "log");
  g_assert_cmpstr (dt_scale_to_string (DT_SCALE_SYMLOG), ==, "symlog");

  /* A running record is saved as cancelled, with its reason. */
  dt_record_set_status (record, DT_STATUS_RUNNING, "Stopped by the user");
  data = dt_record_to_data (record, NULL);
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_record_get_status (loaded), ==, DT_STATUS_CANCELLED);
  g_assert_cmpstr (dt_record_get_message (loaded), ==, "Stopped by the user");
  g_clear_pointer (&loaded, dt_record_unref);
  g_clear_pointer (&data, g_free);

  /* A complete run has no message in the file. */
  dt_record_set_status (record, DT_STATUS_COMPLETE, "ignored");
  data = dt_record_to_data (record, NULL);
  g_assert_null (strstr (data, "\"message\""));
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_record_get_status (loaded), ==, DT_STATUS_COMPLETE);
  g_assert_null (dt_record_get_message (loaded));
  g_clear_pointer (&data, g_free);

  dt_record_set_status (record, DT_STATUS_CANCELLED, NULL);
  data = dt_record_to_data (record, NULL);
  g_assert_null (strstr (data, "\"message\""));
  g_assert_nonnull (strstr (data, "\"status\": \"cancelled\""));
}

static void
test_series_updates (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  const DtSeries *series;
  DtPlotSpec *spec;
  guint generation;
  static const double xs[] = { 1, 2 };
  static const double ys[] = { 3, 4 };

  generation = dt_record_get_generation (record);
  dt_record_add_series (record, "a", "A", DT_STYLE_LINE);
  g_assert_cmpuint (dt_record_get_generation (record), >, generation);

  dt_record_append_point (record, "a", 1, 2, NAN);
  dt_record_append_point (record, "a", 2, 3, NAN);
  series = dt_record_lookup_series (record, "a");
  g_assert_null (series->err);

  /* The error array appears with the first error; earlier points get NaN. */
  dt_record_append_point (record, "a", 3, 4, 0.5);
  series = dt_record_lookup_series (record, "a");
  g_assert_nonnull (series->err);
  g_assert_cmpuint (series->err->len, ==, 3);
  g_assert_true (isnan (g_array_index (series->err, double, 0)));
  g_assert_true (isnan (g_array_index (series->err, double, 1)));
  g_assert_cmpfloat (g_array_index (series->err, double, 2), ==, 0.5);
  dt_record_append_point (record, "a", 4, 5, NAN);
  g_assert_cmpuint (series->err->len, ==, 4);

  /* Adding it again keeps the points, changes label and style. */
  dt_record_add_series (record, "a", "Another label", DT_STYLE_DASHED);
  g_assert_cmpuint (dt_record_get_n_series (record), ==, 1);
  series = dt_record_get_series (record, 0);
  g_assert_cmpstr (series->label, ==, "Another label");
  g_assert_cmpint (series->style, ==, DT_STYLE_DASHED);
  g_assert_cmpuint (series->x->len, ==, 4);

  dt_record_set_points (record, "a", xs, ys, NULL, 2);
  series = dt_record_get_series (record, 0);
  g_assert_cmpuint (series->x->len, ==, 2);
  g_assert_null (series->err);
  g_assert_cmpfloat (g_array_index (series->y, double, 1), ==, 4);

  g_test_expect_message ("descent-record", G_LOG_LEVEL_CRITICAL, "*series != NULL*");
  dt_record_append_point (record, "missing", 1, 2, NAN);
  g_test_assert_expected_messages ();

  g_test_expect_message ("descent-record", G_LOG_LEVEL_CRITICAL, "*series != NULL*");
  dt_record_set_points (record, "missing", xs, ys, NULL, 2);
  g_test_assert_expected_messages ();

  /* A plot id added twice replaces the first, in its place. */
  dt_record_add_plot (record, dt_plot_spec_new ("p", "First", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR));
  dt_record_add_plot (record, dt_plot_spec_new ("q", "Other", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR));
  spec = dt_plot_spec_new ("p", "Second", "x", DT_SCALE_LOG, "y", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "a");
  dt_record_add_plot (record, spec);
  g_assert_cmpuint (dt_record_get_n_plots (record), ==, 2);
  g_assert_cmpstr (dt_record_get_plot (record, 0)->title, ==, "Second");
  g_assert_true (dt_record_lookup_plot (record, "p") == dt_record_get_plot (record, 0));
  g_assert_null (dt_record_lookup_plot (record, "nope"));

  g_test_expect_message ("descent-record", G_LOG_LEVEL_CRITICAL, "*index >= 0*");
  dt_record_add_plot_note (record, "nope", "note");
  g_test_assert_expected_messages ();

  /* Extras: replaced in place, removed with NULL. */
  dt_record_set_extra (record, "a", json_from_string ("1", NULL));
  dt_record_set_extra (record, "b", json_from_string ("2", NULL));
  dt_record_set_extra (record, "a", json_from_string ("3", NULL));
  g_assert_cmpint (json_node_get_int (dt_record_get_extra (record, "a")), ==, 3);
  dt_record_set_extra (record, "b", NULL);
  g_assert_null (dt_record_get_extra (record, "b"));
}

static void
test_dangling_plot_series (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  DtPlotSpec *spec;

  /* Plots may name series that come later; a name that never came is left
   * out of the file so that it still loads. */
  spec = dt_plot_spec_new ("p", "P", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "early");
  dt_plot_spec_add_series (spec, "never");
  dt_plot_spec_add_series (spec, "late");
  dt_record_add_plot (record, spec);
  dt_record_add_series (record, "late", NULL, DT_STYLE_LINE);
  dt_record_add_series (record, "early", NULL, DT_STYLE_LINE);

  data = dt_record_to_data (record, NULL);
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  spec = (DtPlotSpec *) dt_record_lookup_plot (loaded, "p");
  g_assert_cmpuint (spec->series->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (spec->series, 0), ==, "early");
  g_assert_cmpstr (g_ptr_array_index (spec->series, 1), ==, "late");
}

static void
test_copy (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autoptr(DtRecord) copy = dt_record_copy (record);
  g_autofree char *before = dt_record_to_data (copy, NULL);
  g_autofree char *after = NULL;
  g_autofree char *original = NULL;

  g_assert_cmpuint (dt_record_get_generation (copy), ==, dt_record_get_generation (record));
  assert_records_equal (record, copy);

  /* Changing the original leaves the copy alone ... */
  dt_record_append_point (record, "risk", 1000, 1, 0.1);
  dt_record_add_series (record, "new", NULL, DT_STYLE_LINE);
  dt_record_add_plot_note (record, "risk", "another note");
  dt_record_add_plot_vline (record, "special", 3, "three");
  dt_record_set_extra (record, "summary", json_from_string ("{\"replaced\": true}", NULL));
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
  dt_record_set_wall_seconds (record, 99);
  g_assert_cmpuint (dt_record_get_generation (copy), <, dt_record_get_generation (record));

  after = dt_record_to_data (copy, NULL);
  g_assert_cmpstr (before, ==, after);

  /* ... and the other way round. */
  original = dt_record_to_data (record, NULL);
  dt_record_append_point (copy, "risk", 2000, 2, NAN);
  dt_record_set_extra (copy, "mask", NULL);
  g_clear_pointer (&after, g_free);
  after = dt_record_to_data (record, NULL);
  g_assert_cmpstr (original, ==, after);

  /* The copy outlives the original. */
  g_clear_pointer (&record, dt_record_unref);
  g_assert_nonnull (dt_record_get_extra (copy, "summary"));
  g_assert_cmpuint (dt_record_lookup_series (copy, "risk")->x->len, ==, 51);
}

#define N_THREAD_POINTS 10000

static gpointer
append_worker (gpointer data)
{
  DtRecord *record = data;

  for (guint i = 0; i < N_THREAD_POINTS; i++)
    {
      dt_record_append_point (record, "s", i, 2.0 * i, i >= 100 ? 0.5 : NAN);
      if (i % 1000 == 0)
        dt_record_add_plot_note (record, "p", "progress");
      /* Like a training loop: the points come over some time. */
      if (i % 20 == 0)
        g_usleep (50);
    }

  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  guint last_generation = 0;
  guint n_copies = 0;
  GThread *worker;
  DtPlotSpec *spec;

  dt_record_add_series (record, "s", "S", DT_STYLE_LINE);
  spec = dt_plot_spec_new ("p", "P", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  dt_plot_spec_add_series (spec, "s");
  dt_record_add_plot (record, spec);

  worker = g_thread_new ("append", append_worker, record);

  for (;;)
    {
      g_autoptr(DtRecord) copy = dt_record_copy (record);
      guint generation = dt_record_get_generation (copy);
      const DtSeries *series = dt_record_lookup_series (copy, "s");
      gboolean done = dt_record_get_status (copy) == DT_STATUS_COMPLETE;
      guint n_notes;

      /* Every snapshot is consistent. */
      g_assert_cmpuint (generation, >=, last_generation);
      g_assert_cmpuint (series->x->len, ==, series->y->len);
      if (series->err != NULL)
        g_assert_cmpuint (series->err->len, ==, series->x->len);
      for (guint i = 0; i < series->x->len; i++)
        {
          g_assert_cmpfloat (g_array_index (series->x, double, i), ==, i);
          g_assert_cmpfloat (g_array_index (series->y, double, i), ==, 2.0 * i);
        }
      /* A note follows every 1000th point, perhaps not yet. */
      n_notes = dt_record_lookup_plot (copy, "p")->notes->len;
      g_assert_cmpuint (n_notes, <=, (series->x->len + 999) / 1000);
      g_assert_cmpuint (n_notes + 1, >=, (series->x->len + 999) / 1000);

      last_generation = generation;
      n_copies++;

      if (done)
        {
          g_assert_cmpuint (series->x->len, ==, N_THREAD_POINTS);
          break;
        }
    }

  g_thread_join (worker);

  g_assert_cmpuint (last_generation, >=, N_THREAD_POINTS);
  g_assert_cmpuint (dt_record_get_generation (record), ==, last_generation);
  g_test_message ("%u copies taken during the run", n_copies);
  g_assert_cmpuint (n_copies, >, 10);
}

static void
test_dup_params (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  g_autoptr(DtParams) params = dt_params_new (specs, G_N_ELEMENTS (specs));
  g_autoptr(DtParams) back = NULL;
  g_autoptr(DtParams) after_load = NULL;
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonObject *object;

  g_assert_true (dt_params_set_from_string (params, "lr", "0.1", NULL));
  dt_params_set_double (params, "lr", 1.0 / 3.0);
  g_assert_true (dt_params_set_from_string (params, "alphas", "0.001:1:9", NULL));
  g_assert_true (dt_params_set_from_string (params, "widths", "1:4096:13", NULL));
  g_assert_true (dt_params_set_from_string (params, "seed", "123456789", NULL));
  g_assert_true (dt_params_set_from_string (params, "dataset", "a, b: c", NULL));
  dt_record_set_params (record, params);

  /* Stored typed, in table order. */
  object = dt_record_get_params (record);
  g_assert_cmpuint (json_object_get_size (object), ==, G_N_ELEMENTS (specs));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "seed")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "lr")), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "mode")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (json_object_get_array_member (object, "widths"), 0)),
                   ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_value_type (json_array_get_element (json_object_get_array_member (object, "alphas"), 0)),
                   ==, G_TYPE_DOUBLE);

  back = dt_record_dup_params (record, &test_experiment, &error);
  g_assert_no_error (error);
  g_assert_true (dt_params_equal (params, back));

  data = dt_record_to_data (record, NULL);
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  after_load = dt_record_dup_params (loaded, &test_experiment, &error);
  g_assert_no_error (error);
  g_assert_true (dt_params_equal (params, after_load));

  /* Not this record's experiment. */
  g_assert_null (dt_record_dup_params (record, &other_experiment, &error));
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "other-exp"));
}

/* A record of test-exp whose params are @params_json. */
static DtRecord *
record_with_params (const char *params_json)
{
  g_autofree char *text = g_strdup_printf ("{\"format\": \"descent-record\", \"version\": 1, "
                                           "\"experiment\": \"test-exp\", \"status\": \"complete\", "
                                           "\"params\": %s, \"provenance\": {}, "
                                           "\"series\": [], \"plots\": []}", params_json);
  g_autoptr(GError) error = NULL;
  DtRecord *record = dt_record_new_from_data (text, -1, &error);

  g_assert_no_error (error);
  return record;
}

static void
test_dup_params_errors (void)
{
  static const struct { const char *json; const char *needles[3]; } bad[] = {
    { "{\"foo\": 1}", { "foo", "test-exp" } },
    { "{\"n_train\": 0}", { "n_train", "between 1 and 100000" } },
    { "{\"n_train\": 2.5}", { "n_train", "[1, 100000]" } },
    { "{\"n_train\": [1]}", { "n_train", "expected a number" } },
    { "{\"lr\": true}", { "lr", "expected a number" } },
    { "{\"lr\": null}", { "lr" } },
    { "{\"mode\": 3}", { "mode", "expected a string" } },
    { "{\"mode\": \"other\"}", { "mode", "shared, independent" } },
    { "{\"widths\": [8, \"x\"]}", { "widths[1]", "expected a number" } },
    { "{\"widths\": [8, 5000]}", { "widths", "[1, 4096]" } },
    { "{\"widths\": []}", { "widths", "empty" } },
    { "{\"widths\": 8}", { "widths", "array" } },
    { "{\"alphas\": [0.5, 1.5]}", { "alphas", "[0, 1]" } },
  };
  g_autoptr(DtRecord) good = NULL;
  g_autoptr(DtParams) params = NULL;
  g_autoptr(GError) error = NULL;
  const double *values;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(DtRecord) record = record_with_params (bad[i].json);
      g_autoptr(GError) local_error = NULL;

      g_assert_null (dt_record_dup_params (record, &test_experiment, &local_error));
      g_assert_error (local_error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
      for (guint k = 0; k < G_N_ELEMENTS (bad[i].needles) && bad[i].needles[k] != NULL; k++)
        if (strstr (local_error->message, bad[i].needles[k]) == NULL)
          g_error ("“%s” is not in “%s” (params %s)", bad[i].needles[k], local_error->message, bad[i].json);
    }

  /* Missing keys take defaults; strings are parsed like on the command line. */
  good = record_with_params ("{\"n_train\": 1e3, \"widths\": \"2:8:3\", \"lr\": 1}");
  params = dt_record_dup_params (good, &test_experiment, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_params_get_int (params, "n_train"), ==, 1000);
  g_assert_cmpfloat (dt_params_get_double (params, "lr"), ==, 1.0);
  g_assert_cmpint (dt_params_get_int (params, "seed"), ==, 1);
  g_assert_cmpstr (dt_params_get_string (params, "mode"), ==, "shared");
  values = dt_params_get_list (params, "widths", &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (values[1], ==, 4);
}

/* Loading bad input */

static DtRecordError
expected_code (const char *name)
{
  static const struct { const char *prefix; DtRecordError code; } prefixes[] = {
    { "syntax-", DT_RECORD_ERROR_SYNTAX },
    { "format-", DT_RECORD_ERROR_FORMAT },
    { "version-", DT_RECORD_ERROR_VERSION },
    { "invalid-", DT_RECORD_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i].prefix))
      return prefixes[i].code;

  g_error ("Bad record “%s” does not start with syntax-, format-, version- or invalid-", name);
  return DT_RECORD_ERROR_IO;
}

static void
test_bad_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "records", "bad", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));

  g_assert_cmpuint (names->len, >=, 20);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(DtRecord) record = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      name = g_ptr_array_index (names, i);
      record = dt_record_load (path, &local_error);
      if (record != NULL)
        g_error ("The bad record “%s” loaded", name);

      g_assert_nonnull (local_error);
      g_assert_true (local_error->domain == DT_RECORD_ERROR);
      g_assert_nonnull (strstr (local_error->message, name));
      g_test_message ("%s: %s", name, local_error->message);
      if (local_error->code != (int) expected_code (name))
        g_error ("“%s” failed with code %d, not %d: %s", name,
                 local_error->code, expected_code (name), local_error->message);

      /* The same from memory, without the file name. */
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_null (dt_record_new_from_data (contents, (gssize) length, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_cmpint (error->code, ==, local_error->code);
      g_clear_error (&error);
    }
}

/* Heat maps: built, copied, written and read back; older records without
 * a kind are line plots. */
static void
test_heatmap (void)
{
  const double mask[] = { 1, 0, 0, 1, 1, 0 };
  g_autoptr(DtRecord) record = dt_record_new ("pruning");
  g_autoptr(DtRecord) copy = NULL;
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const DtPlotSpec *spec;
  DtPlotSpec *lines;

  dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", "Mask", "input", "output", 2, 3, mask));
  lines = dt_plot_spec_new ("p", "Lines", "x", DT_SCALE_LINEAR, "y", DT_SCALE_LINEAR);
  g_assert_cmpint (lines->kind, ==, DT_PLOT_LINES);
  g_assert_null (lines->matrix.values);
  dt_record_add_plot (record, lines);
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);

  spec = dt_record_lookup_plot (record, "mask");
  g_assert_cmpint (spec->kind, ==, DT_PLOT_HEATMAP);
  g_assert_cmpuint (spec->matrix.rows, ==, 2);
  g_assert_cmpuint (spec->matrix.cols, ==, 3);
  g_assert_cmpmem (spec->matrix.values->data, 6 * sizeof (double), mask, sizeof mask);

  copy = dt_record_copy (record);
  assert_records_equal (record, copy);
  g_assert_true (dt_record_lookup_plot (copy, "mask")->matrix.values != spec->matrix.values);

  data = dt_record_to_data (record, NULL);
  g_assert_nonnull (strstr (data, "\"kind\": \"heatmap\""));
  g_assert_nonnull (strstr (data, "\"rows\": 2,"));
  /* line plots are written as before, without a kind */
  g_assert_cmpuint (g_strstr_len (data, -1, "\"kind\"") - data, ==,
                    g_strrstr (data, "\"kind\"") - data);
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  assert_records_equal (record, loaded);
  g_assert_cmpint (dt_record_lookup_plot (loaded, "p")->kind, ==, DT_PLOT_LINES);

  /* Replacing the plot (a newer mask during a run) keeps its place. */
  {
    const double other[] = { 0, 0, 1, 1 };

    dt_record_add_plot (record, dt_plot_spec_new_heatmap ("mask", "Mask", "input", "output", 1, 4, other));
    g_assert_cmpstr (dt_record_get_plot (record, 0)->id, ==, "mask");
    g_assert_cmpuint (dt_record_get_plot (record, 0)->matrix.rows, ==, 1);
    g_assert_cmpuint (dt_record_get_plot (record, 0)->matrix.values->len, ==, 4);
  }
}

/* Long arrays are written as base64 of little-endian doubles and read back
 * bit for bit; records of version 1, all in decimal, still load; broken
 * base64 is refused with the path of the array. */
static void
test_compact_arrays (void)
{
  g_autoptr(DtRecord) record = dt_record_new ("test-exp");
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(DtRecord) old = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GString) decimal = g_string_new (NULL);
  g_autofree double *x = g_new (double, 1000);
  g_autofree double *y = g_new (double, 1000);
  g_autofree char *encoded = NULL;
  const DtSeries *series;

  dt_record_add_series (record, "long", "long", DT_STYLE_LINE);
  dt_record_add_series (record, "short", "short", DT_STYLE_LINE);
  for (guint i = 0; i < 1000; i++)
    {
      x[i] = i * 0.1;
      y[i] = i == 7 ? NAN : sin (i) * 1e-300 + (i % 3 == 0 ? -0.0 : 1.0 / (i + 1));
      dt_record_append_point (record, "long", x[i], y[i], NAN);
    }
  dt_record_append_point (record, "short", 1, 2, NAN);
  dt_record_set_status (record, DT_STATUS_COMPLETE, NULL);

  data = dt_record_to_data (record, NULL);
  g_assert_nonnull (strstr (data, "\"version\": 2,"));
  g_assert_nonnull (strstr (data, "\"x\": {\"f64le\": \""));
  g_assert_nonnull (strstr (data, "\"x\": [1.0]"));
  loaded = dt_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  series = dt_record_lookup_series (loaded, "long");
  g_assert_cmpuint (series->x->len, ==, 1000);
  g_assert_cmpmem (series->x->data, 1000 * sizeof (double), x, 1000 * sizeof (double));
  g_assert_cmpmem (series->y->data, 1000 * sizeof (double), y, 1000 * sizeof (double));

  /* the same series in the decimal form of version 1 */
  g_string_append (decimal, "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", "
                   "\"status\": \"complete\", \"params\": {}, \"provenance\": {}, "
                   "\"series\": [{\"id\": \"a\", \"x\": [");
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (decimal, "%s%u", i > 0 ? ", " : "", i);
  g_string_append (decimal, "], \"y\": {\"f64le\": \"");
  encoded = dt_record_encode_f64 (x, 1000);
  g_string_append (decimal, encoded);
  g_string_append (decimal, "\"}}], \"plots\": []}");
  old = dt_record_new_from_data (decimal->str, -1, &error);
  g_assert_no_error (error);
  series = dt_record_lookup_series (old, "a");
  g_assert_cmpfloat (g_array_index (series->x, double, 999), ==, 999);
  g_assert_cmpmem (series->y->data, 1000 * sizeof (double), x, 1000 * sizeof (double));

  g_assert_cmpint (dt_record_base64_decoded_size ("AAAAAAAAAAA="), ==, 8);
  g_assert_cmpint (dt_record_base64_decoded_size (""), ==, 0);
  g_assert_cmpint (dt_record_base64_decoded_size ("AAAA AAAAAA="), ==, -1);
  g_assert_cmpint (dt_record_base64_decoded_size ("AAAAAAAAAAA"), ==, -1);
  g_assert_cmpint (dt_record_base64_decoded_size ("AA=AAAAAAAA="), ==, -1);

  {
    static const struct { const char *y; const char *needle; } cases[] = {
      { "{\"f64le\": \"AAAAAAAA\"}", "series[0].y: “f64le” is not base64 of 8-byte numbers" },
      { "{\"f64le\": \"AAAAAAAAAA#=\"}", "series[0].y: “f64le” is not base64 of 8-byte numbers" },
      { "{\"f64le\": \"AAAAAAAA8H8=\"}", "series[0].y[0]: the number is too large" },
      { "{\"f64le\": 3}", "series[0].y: expected an array of numbers or an object" },
      { "{\"f64le\": \"AAAAAAAAAAA=\", \"n\": 1}", "series[0].y: expected an array of numbers or an object" },
      /* the loader's own placeholder, written by hand */
      { "{\"f64le#\": 0}", "series[0].y: expected an array of numbers or an object" },
      /* long decimal arrays with something else in them are json-glib's to judge */
      { "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, \"19\"]",
        "series[0].y[19]: expected a number, found a string" },
      { "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 1e999]",
        "series[0].y[19]: the number is too large" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text =
          g_strdup_printf ("{\"format\": \"descent-record\", \"version\": 2, \"experiment\": \"e\", "
                           "\"status\": \"complete\", \"params\": {}, \"provenance\": {}, "
                           "\"series\": [{\"id\": \"a\", \"x\": [1], \"y\": %s}], \"plots\": []}",
                           cases[i].y);
        g_autoptr(DtRecord) bad = dt_record_new_from_data (text, -1, &error);

        g_assert_null (bad);
        g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
        if (strstr (error->message, cases[i].needle) == NULL)
          g_error ("case %u: “%s” is not in “%s”", i, cases[i].needle, error->message);
        g_clear_error (&error);
      }
  }
}

static void
test_bad_messages (void)
{
  static const struct { const char *json; const char *needle; } cases[] = {
    { "{\n  \"format\": \"descent-record\",\n  \"version\": x\n}", "line 3, column" },
    { "{\"format\": \"descent-record\"} {}", "line 1, column 30" },
    { "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", \"status\": \"complete\","
      " \"params\": {}, \"provenance\": {}, \"series\": [{\"id\": \"a\", \"x\": [1, 2], \"y\": [1, \"2\"]}],"
      " \"plots\": []}", "series[0].y[1]: expected a number, found a string" },
    { "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", \"status\": \"complete\","
      " \"params\": {}, \"provenance\": {}, \"series\": [{\"id\": \"a\", \"x\": [1], \"y\": [1]}],"
      " \"plots\": [{\"id\": \"p\", \"x_axis\": {}, \"y_axis\": {}, \"series\": [\"a\", \"foo\"]}]}",
      "plots[0].series[1]: no series “foo” in this record" },
    { "{\"format\": \"descent-record\", \"version\": 3}", "newer Descent" },
    { "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", \"status\": \"complete\","
      " \"params\": {}, \"provenance\": {}, \"series\": [],"
      " \"plots\": [{\"id\": \"m\", \"kind\": \"heatmap\", \"x_axis\": {}, \"y_axis\": {}, \"series\": [],"
      " \"matrix\": {\"rows\": 2, \"cols\": 2, \"values\": [1, 0, 1]}}]}",
      "plots[0].matrix.values: has 3 values but rows × cols is 2 × 2 = 4" },
    { "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", \"status\": \"complete\","
      " \"params\": {}, \"provenance\": {}, \"series\": [],"
      " \"plots\": [{\"id\": \"m\", \"kind\": \"heatmap\", \"x_axis\": {}, \"y_axis\": {}, \"series\": [],"
      " \"matrix\": {\"rows\": 1, \"cols\": 2, \"values\": [1, true]}}]}",
      "plots[0].matrix.values[1]: expected a number, found true or false" },
    { "{\"format\": \"descent-record\", \"version\": 1, \"experiment\": \"e\", \"status\": \"complete\","
      " \"params\": {}, \"provenance\": {}, \"series\": [],"
      " \"plots\": [{\"id\": \"m\", \"kind\": \"heatmap\", \"x_axis\": {}, \"y_axis\": {}, \"series\": []}]}",
      "plots[0]: missing member “matrix”" },
  };

  g_autoptr(GError) empty_error = NULL;

  g_assert_null (dt_record_new_from_data ("", 0, &empty_error));
  g_assert_error (empty_error, DT_RECORD_ERROR, DT_RECORD_ERROR_SYNTAX);
  g_assert_nonnull (strstr (empty_error->message, "empty"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtRecord) record = dt_record_new_from_data (cases[i].json, -1, &error);

      g_assert_null (record);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, error->message);
    }
}

static void
test_good_record (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "records", "good.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) record = dt_record_load (path, &error);
  g_autoptr(DtRecord) with_bom = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bom = NULL;
  g_autofree char *written = NULL;
  const DtSeries *series;
  const DtPlotSpec *plot;
  gsize length;

  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpstr (dt_record_get_experiment (record), ==, "bias-variance");
  g_assert_cmpint (dt_record_get_status (record), ==, DT_STATUS_COMPLETE);
  g_assert_cmpuint (dt_record_get_n_series (record), ==, 3);
  g_assert_cmpuint (dt_record_get_n_plots (record), ==, 2);

  series = dt_record_lookup_series (record, "variance");
  g_assert_nonnull (series->err);
  g_assert_true (isnan (g_array_index (series->err, double, 0)));
  plot = dt_record_get_plot (record, 0);
  g_assert_cmpint (plot->x_axis.scale, ==, DT_SCALE_LOG);
  g_assert_cmpuint (plot->vlines->len, ==, 1);
  g_assert_cmpuint (plot->notes->len, ==, 1);
  g_assert_nonnull (dt_record_get_extra (record, "peak"));

  /* The file is in the writer's layout, to the byte. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  written = dt_record_to_data (record, NULL);
  g_assert_cmpstr (written, ==, contents);

  /* A UTF-8 byte order mark in front is fine. */
  bom = g_strconcat ("\xEF\xBB\xBF", contents, NULL);
  with_bom = dt_record_new_from_data (bom, -1, &error);
  g_assert_no_error (error);
  assert_records_equal (record, with_bom);
}

/* Every truncation and many random corruptions of a good record either
 * load or fail with a message; none crashes. */
static void
test_fuzz (void)
{
  g_autoptr(DtRecord) record = build_record ();
  gsize length;
  g_autofree char *data = dt_record_to_data (record, &length);
  guint n_loaded = 0;

  for (gsize cut = 0; cut < length; cut += 3)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DtRecord) part = dt_record_new_from_data (data, (gssize) cut, &error);

      /* Only the last newline may be missing. */
      if (cut + 1 < length)
        {
          g_assert_null (part);
          g_assert_nonnull (error);
          g_assert_cmpstr (error->message, !=, "");
        }
    }

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *copy = g_memdup2 (data, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(DtRecord) loaded = NULL;
      guint n_changes = (guint) g_test_rand_int_range (1, 4);

      for (guint k = 0; k < n_changes; k++)
        {
          gsize at = (gsize) g_test_rand_int_range (0, (gint32) length);
          static const char replacements[] = "{}[]\",:0-e.n \x80\xff";

          copy[at] = replacements[g_test_rand_int_range (0, sizeof replacements - 1)];
        }

      loaded = dt_record_new_from_data (copy, (gssize) length, &error);
      if (loaded == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == DT_RECORD_ERROR);
          g_assert_cmpstr (error->message, !=, "");
        }
      else
        {
          g_autofree char *again = dt_record_to_data (loaded, NULL);
          g_autoptr(DtRecord) reloaded = dt_record_new_from_data (again, -1, &error);

          /* Whatever loads, saves to something that loads again. */
          g_assert_no_error (error);
          assert_records_equal (loaded, reloaded);
          n_loaded++;
        }
    }

  g_test_message ("%u corrupted records still loaded", n_loaded);
}

/* Parameter tables change: a fake experiment whose version 2 renamed
 * "hidden" to "width" reads records of both versions, and records of a
 * newer build or with keys it does not know open with a report. */
static const DtParamSpec versioned_params[] = {
  { "seed", "Seed", "Seed", DT_PARAM_INT, 0, 100, 1 },
  { "width", "Width", "Width", DT_PARAM_INT, 1, 1000, 10 },
};

static gboolean
versioned_migrate (guint        from_version,
                   JsonObject  *params,
                   GError     **error)
{
  g_assert_cmpuint (from_version, ==, 1);
  if (json_object_has_member (params, "hidden"))
    {
      json_object_set_int_member (params, "width", json_object_get_int_member (params, "hidden"));
      json_object_remove_member (params, "hidden");
    }
  return TRUE;
}

static const DtExperiment versioned = {
  .id = "versioned", .title = "Versioned", .summary = "A test",
  .params = versioned_params, .n_params = G_N_ELEMENTS (versioned_params),
  .params_version = 2, .migrate_params = versioned_migrate,
};

static DtRecord *
versioned_record (const char *params,
                  const char *version_member)
{
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"descent-record\", \"version\": 2, \"experiment\": \"versioned\", "
    "\"status\": \"complete\", \"params\": %s, %s\"provenance\": {}, "
    "\"series\": [], \"plots\": []}", params, version_member);
  g_autoptr(GError) error = NULL;
  DtRecord *record = dt_record_new_from_data (text, -1, &error);

  g_assert_no_error (error);
  return record;
}

static void
test_params_versions (void)
{
  g_autoptr(DtRecord) old = versioned_record ("{\"seed\": 3, \"hidden\": 7}", "");
  g_autoptr(DtRecord) current = versioned_record ("{\"seed\": 4, \"width\": 8}", "\"params_version\": 2, ");
  g_autoptr(DtRecord) newer = versioned_record ("{\"seed\": 5, \"width\": 9, \"depth\": 2}",
                                                "\"params_version\": 3, ");
  g_autoptr(DtRecord) short_one = versioned_record ("{\"seed\": 6}", "\"params_version\": 2, ");
  g_autoptr(DtRecordParamsReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DtParams) params = NULL;
  g_autofree char *text = NULL;
  g_autoptr(DtRecord) again = NULL;

  /* version 1, migrated */
  g_assert_cmpuint (dt_record_get_params_version (old), ==, 1);
  params = dt_record_dup_params (old, &versioned, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_params_get_int (params, "seed"), ==, 3);
  g_assert_cmpint (dt_params_get_int (params, "width"), ==, 7);
  g_clear_pointer (&params, dt_params_free);
  /* the record itself is left as it was */
  g_assert_true (json_object_has_member (dt_record_get_params (old), "hidden"));

  /* the current version, written back with its number */
  params = dt_record_dup_params_full (current, &versioned, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_params_get_int (params, "width"), ==, 8);
  g_assert_cmpuint (report->from_version, ==, 2);
  g_assert_cmpuint (g_strv_length (report->unknown), ==, 0);
  g_assert_cmpuint (g_strv_length (report->missing), ==, 0);
  g_clear_pointer (&params, dt_params_free);
  g_clear_pointer (&report, dt_record_params_report_free);
  text = dt_record_to_data (current, NULL);
  g_assert_nonnull (strstr (text, "\"params_version\": 2"));
  again = dt_record_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dt_record_get_params_version (again), ==, 2);

  /* a key from a newer build: an error, or left out with a report */
  g_assert_null (dt_record_dup_params (newer, &versioned, &error));
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "depth"));
  g_clear_error (&error);
  params = dt_record_dup_params_full (newer, &versioned, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_params_get_int (params, "width"), ==, 9);
  g_assert_cmpstrv (report->unknown, ((const char *[]) { "depth", NULL }));
  g_assert_cmpuint (report->from_version, ==, 3);
  g_clear_pointer (&params, dt_params_free);
  g_clear_pointer (&report, dt_record_params_report_free);

  /* a key the record lacks: its default, reported */
  params = dt_record_dup_params_full (short_one, &versioned, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dt_params_get_int (params, "width"), ==, 10);
  g_assert_cmpstrv (report->missing, ((const char *[]) { "width", NULL }));
  g_clear_pointer (&params, dt_params_free);

  /* a record of the first version of the current table writes no number */
  g_clear_pointer (&text, g_free);
  text = dt_record_to_data (old, NULL);
  g_assert_null (strstr (text, "params_version"));

  /* a version that is not one */
  g_assert_null (dt_record_new_from_data ("{\"format\": \"descent-record\", \"version\": 2, "
                                          "\"experiment\": \"versioned\", \"status\": \"complete\", "
                                          "\"params\": {}, \"params_version\": 0, \"provenance\": {}, "
                                          "\"series\": [], \"plots\": []}", -1, &error));
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "params_version"));
}

/* A record of n zeros in an extra value and, if @in_series, as many in a
 * series, where they are read straight into doubles. */
static char *
many_values_text (guint    n,
                  gboolean in_series)
{
  GString *text = g_string_new ("{\"format\": \"descent-record\", \"version\": 1, "
                                "\"experiment\": \"e\", \"status\": \"complete\", "
                                "\"params\": {}, \"provenance\": {}, \"series\": [");

  if (in_series)
    {
      g_string_append (text, "{\"id\": \"s\", \"x\": [");
      for (guint i = 0; i < n; i++)
        g_string_append (text, i > 0 ? ",0" : "0");
      g_string_append (text, "], \"y\": [");
      for (guint i = 0; i < n; i++)
        g_string_append (text, i > 0 ? ",0" : "0");
      g_string_append (text, "]}");
    }
  g_string_append (text, "], \"plots\": [], \"extra\": {\"rows\": [");
  for (guint i = 0; i < (in_series ? 10 : n); i++)
    g_string_append (text, i > 0 ? ",0" : "0");
  g_string_append (text, "]}}");
  return g_string_free (text, FALSE);
}

/* Values json-glib keeps as nodes are limited, so that loading a record of
 * short numbers cannot take fifty times its size; the long number arrays
 * of series are not counted. */
static void
test_many_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fits = many_values_text (60000, FALSE);
  g_autofree char *too_many = many_values_text (100000, FALSE);
  g_autofree char *in_series = many_values_text (1000000, TRUE);
  g_autoptr(DtRecord) loaded = NULL;
  g_autoptr(DtRecord) refused = NULL;
  g_autoptr(DtRecord) long_series = NULL;

  loaded = dt_record_new_from_data (fits, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dt_record_get_extra (loaded, "rows"))),
                    ==, 60000);

  refused = dt_record_new_from_data (too_many, -1, &error);
  g_assert_null (refused);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "too many values"));
  g_clear_error (&error);

  long_series = dt_record_new_from_data (in_series, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dt_record_lookup_series (long_series, "s")->y->len, ==, 1000000);
}

static void
test_io_errors (void)
{
  g_autoptr(DtRecord) record = build_record ();
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autofree char *bad_dir = g_build_filename (dir, "no-such-dir", "run.json", NULL);
  g_autofree char *huge = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DtRecord) loaded = NULL;
  FILE *file;

  loaded = dt_record_load (missing, &error);
  g_assert_null (loaded);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  loaded = dt_record_load (dir, &error);
  g_assert_null (loaded);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO);
  g_clear_error (&error);

  g_assert_false (dt_record_save (record, bad_dir, &error));
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "run.json"));
  g_clear_error (&error);

  /* A sparse file of 600 MiB is refused without being read. */
  file = g_fopen (huge, "wb");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, 600L * 1024 * 1024, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('}', file), ==, '}');
  g_assert_cmpint (fclose (file), ==, 0);

  loaded = dt_record_load (huge, &error);
  g_assert_null (loaded);
  g_assert_error (error, DT_RECORD_ERROR, DT_RECORD_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "huge.json"));
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);

  remove_temp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/save-load", test_save_load);
  g_test_add_func ("/record/layout", test_layout);
  g_test_add_func ("/record/status-and-message", test_status_and_message);
  g_test_add_func ("/record/series-updates", test_series_updates);
  g_test_add_func ("/record/dangling-plot-series", test_dangling_plot_series);
  g_test_add_func ("/record/copy", test_copy);
  g_test_add_func ("/record/threads", test_threads);
  g_test_add_func ("/record/dup-params", test_dup_params);
  g_test_add_func ("/record/dup-params-errors", test_dup_params_errors);
  g_test_add_func ("/record/bad-corpus", test_bad_corpus);
  g_test_add_func ("/record/bad-messages", test_bad_messages);
  g_test_add_func ("/record/heatmap", test_heatmap);
  g_test_add_func ("/record/compact-arrays", test_compact_arrays);
  g_test_add_func ("/record/good-record", test_good_record);
  g_test_add_func ("/record/fuzz", test_fuzz);
  g_test_add_func ("/record/many-values", test_many_values);
  g_test_add_func ("/record/params-versions", test_params_versions);
  g_test_add_func ("/record/io-errors", test_io_errors);

  return g_test_run ();
}
