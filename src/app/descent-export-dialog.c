/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "descent-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "descent-export-dialog.h"
#include "dt-file.h"
#include "dt-record-csv.h"

/* The drop-down lists SVG, PNG and PDF in the order of DtExportFormat,
 * then the data as CSV. */
#define CSV_ITEM (DT_EXPORT_PDF + 1)

struct _DescentExportDialog
{
  GtkWindow             parent_instance;

  GtkDropDown          *format_dropdown;
  GtkWidget            *width_label;
  GtkSpinButton        *width_spin;
  GtkWidget            *width_unit_label;
  GtkWidget            *height_label;
  GtkSpinButton        *height_spin;
  GtkWidget            *height_unit_label;
  GtkSpinButton        *scale_spin;
  GtkWidget            *scale_label;
  GtkLabel             *pixels_label;
  GtkCheckButton       *this_check;
  GtkCheckButton       *all_check;
  GtkCheckButton       *separate_check;
  GtkCheckButton       *single_check;
  GtkLabel             *summary_label;

  GPtrArray            *plots;      /* DtPlot, as the views show them */
  guint                 current;
  char                 *base_name;
  DtRecord             *record;     /* the run the plots show, for CSV */
  GtkFileChooserNative *chooser;
};

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DescentExportDialog, descent_export_dialog, GTK_TYPE_WINDOW)

static const char *
format_extension (DtExportFormat format)
{
  switch (format)
    {
    case DT_EXPORT_PNG:
      return ".png";
    case DT_EXPORT_PDF:
      return ".pdf";
    case DT_EXPORT_SVG:
    default:
      return ".svg";
    }
}

static gboolean
descent_export_dialog_is_single_pdf (DescentExportDialog *self)
{
  return !descent_export_dialog_get_csv (self) &&
         descent_export_dialog_get_format (self) == DT_EXPORT_PDF &&
         gtk_check_button_get_active (self->all_check) &&
         gtk_check_button_get_active (self->single_check);
}

/* The one place that decides which options apply and says what will be
 * written. */
static void
descent_export_dialog_update (DescentExportDialog *self)
{
  gboolean csv = descent_export_dialog_get_csv (self);
  DtExportFormat format = descent_export_dialog_get_format (self);
  gboolean all = gtk_check_button_get_active (self->all_check);
  gboolean png = !csv && format == DT_EXPORT_PNG;
  gboolean pdf = !csv && format == DT_EXPORT_PDF;
  double scale = gtk_spin_button_get_value (self->scale_spin);
  g_autofree char *pixels = NULL;
  g_autofree char *summary = NULL;

  /* data has no size; all plots as CSV are always one file each */
  gtk_widget_set_sensitive (self->width_label, !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->width_spin), !csv);
  gtk_widget_set_sensitive (self->width_unit_label, !csv);
  gtk_widget_set_sensitive (self->height_label, !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_spin), !csv);
  gtk_widget_set_sensitive (self->height_unit_label, !csv);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_spin), png);
  gtk_widget_set_sensitive (self->scale_label, png);
  gtk_widget_set_sensitive (GTK_WIDGET (self->all_check), self->plots->len > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->separate_check), all && pdf);
  gtk_widget_set_sensitive (GTK_WIDGET (self->single_check), all && pdf);

  /* Translators: the size of a PNG image in pixels */
  pixels = g_strdup_printf (_("%d × %d pixels"),
                            (int) (gtk_spin_button_get_value (self->width_spin) * scale + 0.5),
                            (int) (gtk_spin_button_get_value (self->height_spin) * scale + 0.5));
  gtk_label_set_text (self->pixels_label, png ? pixels : "");

  if (csv && (!all || self->plots->len <= 1))
    summary = g_strdup (_("The plot's data as a table: every series of the plot, hidden ones too, with the run's parameters in comment lines. Overlaid runs are left out."));
  else if (csv)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u CSV file, named after the plot, with the run's data and parameters.",
                                            "%u CSV files, each named after its plot, with the run's data and parameters.",
                                            self->plots->len),
                               self->plots->len);
  else if (!all || self->plots->len <= 1)
    summary = g_strdup (_("The plot is exported as shown: hidden series, log axes, zoom and overlaid runs included."));
  else if (descent_export_dialog_is_single_pdf (self))
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "One PDF file with %u page, the plots as shown.",
                                            "One PDF file with %u pages, the plots as shown.",
                                            self->plots->len),
                               self->plots->len);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u file, named after the plot, the plot as shown.",
                                            "%u files, each named after its plot, the plots as shown.",
                                            self->plots->len),
                               self->plots->len);
  gtk_label_set_text (self->summary_label, summary);
}

static void
options_changed_cb (DescentExportDialog *self)
{
  descent_export_dialog_update (self);
}

static void
cancel_clicked_cb (DescentExportDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
chooser_response_cb (DescentExportDialog  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_clear_object (&self->chooser);
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      return;
    }

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  g_clear_object (&self->chooser);

  if (path == NULL)
    {
      g_signal_emit (self, signals[FINISHED], 0, FALSE, _("Plots can only be exported to local files"), NULL);
    }
  else if ((written = descent_export_dialog_export_to_path (self, path, &error)) == NULL)
    {
      g_signal_emit (self, signals[FINISHED], 0, FALSE, error->message, NULL);
    }
  else
    {
      g_autofree char *name = g_path_get_basename (written[0]);
      g_autofree char *folder = g_path_get_dirname (written[0]);
      g_autofree char *message = NULL;
      guint n = g_strv_length (written);

      if (n == 1)
        message = g_strdup_printf (_("Exported “%s”"), name);
      else
        /* Translators: the first of several files written */
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u file, “%s” first",
                                                "Exported %u files, “%s” first", n),
                                   n, name);
      g_signal_emit (self, signals[FINISHED], 0, TRUE, message, n == 1 ? written[0] : folder);
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

/* The file chooser shows the files of the chosen format. */
static void
fill_filter (DescentExportDialog *self,
             GtkFileFilter       *filter)
{
  if (descent_export_dialog_get_csv (self))
    {
      gtk_file_filter_set_name (filter, _("CSV Data"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
      gtk_file_filter_add_suffix (filter, "csv");
      return;
    }

  switch (descent_export_dialog_get_format (self))
    {
    case DT_EXPORT_PNG:
      gtk_file_filter_set_name (filter, _("PNG Image"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      break;
    case DT_EXPORT_PDF:
      gtk_file_filter_set_name (filter, _("PDF Document"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      break;
    case DT_EXPORT_SVG:
    default:
      gtk_file_filter_set_name (filter, _("SVG Image"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
      break;
    }
}

static void
export_clicked_cb (DescentExportDialog *self)
{
  DtExportFormat format = descent_export_dialog_get_format (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Plots"), parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  name = g_strconcat (self->base_name,
                      descent_export_dialog_get_csv (self) ? ".csv" : format_extension (format),
                      NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

  fill_filter (self, filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  /* the file chooser takes the dialog's place on top of the window */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
descent_export_dialog_dispose (GObject *object)
{
  DescentExportDialog *self = DESCENT_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), DESCENT_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (descent_export_dialog_parent_class)->dispose (object);
}

static void
descent_export_dialog_finalize (GObject *object)
{
  DescentExportDialog *self = DESCENT_EXPORT_DIALOG (object);

  g_clear_pointer (&self->plots, g_ptr_array_unref);
  g_clear_pointer (&self->base_name, g_free);
  g_clear_pointer (&self->record, dt_record_unref);

  G_OBJECT_CLASS (descent_export_dialog_parent_class)->finalize (object);
}

static void
descent_export_dialog_class_init (DescentExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = descent_export_dialog_dispose;
  object_class->finalize = descent_export_dialog_finalize;

  /**
   * DescentExportDialog::finished:
   * @self: the dialog
   * @success: whether files were written
   * @message: what happened, in words for a banner
   * @path: (nullable): what to open to see the result: the one file
   *   written, or the folder of several; %NULL after a failure
   *
   * Emitted after the user chose a file and the export ran.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/descentlab/Descent/descent-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, width_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, width_unit_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, height_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, height_unit_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, scale_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, pixels_label);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, this_check);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, all_check);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, separate_check);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, single_check);
  gtk_widget_class_bind_template_child (widget_class, DescentExportDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
descent_export_dialog_init (DescentExportDialog *self)
{
  self->plots = g_ptr_array_new_with_free_func ((GDestroyNotify) dt_plot_free);
  self->base_name = g_strdup ("plots");

  gtk_widget_init_template (GTK_WIDGET (self));
  descent_export_dialog_update (self);
}

/**
 * descent_export_dialog_new:
 * @parent: (nullable): the window to stay on top of
 * @plots: (transfer container) (element-type DtPlot): the page's plots as
 *   the views show them (copies; the dialog frees them)
 * @current: which of @plots is "this plot"
 * @base_name: the file name, without extension, the file chooser suggests
 *
 * The CSV format writes the data of the run descent_export_dialog_set_record()
 * gives.
 *
 * Returns: (transfer none): a new dialog, not yet shown; it destroys
 *   itself when done
 */
DescentExportDialog *
descent_export_dialog_new (GtkWindow  *parent,
                           GPtrArray  *plots,
                           guint       current,
                           const char *base_name)
{
  DescentExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (plots != NULL, NULL);
  g_return_val_if_fail (base_name != NULL, NULL);

  self = g_object_new (DESCENT_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  g_ptr_array_unref (self->plots);
  self->plots = plots;
  g_ptr_array_set_free_func (self->plots, (GDestroyNotify) dt_plot_free);
  self->current = current < plots->len ? current : 0;
  g_free (self->base_name);
  self->base_name = g_strdup (base_name);

  descent_export_dialog_update (self);

  return self;
}

/**
 * descent_export_dialog_set_format:
 * @self: an export dialog
 * @format: the figure format to choose (and not CSV)
 */
void
descent_export_dialog_set_format (DescentExportDialog *self,
                                  DtExportFormat       format)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (format <= DT_EXPORT_PDF);

  /* the drop-down lists SVG, PNG and PDF in the enum's order */
  gtk_drop_down_set_selected (self->format_dropdown, format);
}

/**
 * descent_export_dialog_get_format:
 * @self: an export dialog
 *
 * Returns: the chosen figure format; %DT_EXPORT_SVG while CSV is chosen
 *   (see descent_export_dialog_get_csv())
 */
DtExportFormat
descent_export_dialog_get_format (DescentExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (DESCENT_IS_EXPORT_DIALOG (self), DT_EXPORT_SVG);

  selected = gtk_drop_down_get_selected (self->format_dropdown);
  return selected <= DT_EXPORT_PDF ? (DtExportFormat) selected : DT_EXPORT_SVG;
}

/**
 * descent_export_dialog_set_csv:
 * @self: an export dialog
 * @csv: %TRUE to export the data of the plots as CSV; %FALSE for the
 *   figure format of descent_export_dialog_get_format()
 *
 * Chooses CSV, or a figure format (SVG when CSV was chosen before).
 */
void
descent_export_dialog_set_csv (DescentExportDialog *self,
                               gboolean             csv)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  if (csv)
    gtk_drop_down_set_selected (self->format_dropdown, CSV_ITEM);
  else if (descent_export_dialog_get_csv (self))
    gtk_drop_down_set_selected (self->format_dropdown, DT_EXPORT_SVG);
}

/**
 * descent_export_dialog_get_csv:
 * @self: an export dialog
 *
 * Returns: whether the data of the plots is exported as CSV rather than
 *   a figure
 */
gboolean
descent_export_dialog_get_csv (DescentExportDialog *self)
{
  g_return_val_if_fail (DESCENT_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_drop_down_get_selected (self->format_dropdown) == CSV_ITEM;
}

/**
 * descent_export_dialog_set_record:
 * @self: an export dialog
 * @record: (nullable): the run whose data the plots show, not being
 *   written by another thread
 *
 * Sets where the CSV format takes the data of each plot from: the plot
 * of @record with the plot's id.
 */
void
descent_export_dialog_set_record (DescentExportDialog *self,
                                  DtRecord            *record)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  if (record == self->record)
    return;

  if (record != NULL)
    dt_record_ref (record);
  g_clear_pointer (&self->record, dt_record_unref);
  self->record = record;
  descent_export_dialog_update (self);
}

/**
 * descent_export_dialog_set_size:
 * @self: an export dialog
 * @width: width of one plot in points
 * @height: height of one plot in points
 */
void
descent_export_dialog_set_size (DescentExportDialog *self,
                                double               width,
                                double               height)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
  descent_export_dialog_update (self);
}

/**
 * descent_export_dialog_set_png_scale:
 * @self: an export dialog
 * @scale: pixels per point of PNG images
 */
void
descent_export_dialog_set_png_scale (DescentExportDialog *self,
                                     double               scale)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->scale_spin, scale);
}

/**
 * descent_export_dialog_set_all_plots:
 * @self: an export dialog
 * @all_plots: %TRUE for all plots of the page, %FALSE for the current one
 */
void
descent_export_dialog_set_all_plots (DescentExportDialog *self,
                                     gboolean             all_plots)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (all_plots ? self->all_check : self->this_check, TRUE);
}

/**
 * descent_export_dialog_set_single_file:
 * @self: an export dialog
 * @single_file: with all plots as PDF: %TRUE for one multi-page file,
 *   %FALSE for one file per plot
 */
void
descent_export_dialog_set_single_file (DescentExportDialog *self,
                                       gboolean             single_file)
{
  g_return_if_fail (DESCENT_IS_EXPORT_DIALOG (self));

  gtk_check_button_set_active (single_file ? self->single_check : self->separate_check, TRUE);
}

static gboolean
has_csv_extension (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *lower = g_ascii_strdown (base, -1);

  /* the name must be more than the bare extension */
  return g_str_has_suffix (lower, ".csv") && strlen (lower) > strlen (".csv");
}

static char **
descent_export_dialog_export_csv (DescentExportDialog  *self,
                                  const char           *path,
                                  GError              **error)
{
  g_autoptr(GStrvBuilder) written = g_strv_builder_new ();
  g_autofree char *target = NULL;
  gboolean all = gtk_check_button_get_active (self->all_check) && self->plots->len > 1;
  guint first = all ? 0 : self->current;
  guint end = all ? self->plots->len : self->current + 1;

  if (self->record == NULL)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT,
                   _("There is no run whose data could be exported"));
      return NULL;
    }

  target = has_csv_extension (path) ? g_strdup (path) : g_strconcat (path, ".csv", NULL);

  for (guint i = first; i < end; i++)
    {
      const char *id = dt_plot_get_id (g_ptr_array_index (self->plots, i));
      g_autofree char *one = all ? dt_export_path_with_suffix (target, id) : g_strdup (target);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = dt_record_plot_to_csv (self->record, id, &local_error);

      if (text == NULL)
        {
          g_set_error_literal (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT, local_error->message);
          return NULL;
        }
      if (!dt_file_write_atomic (one, text, strlen (text), &local_error))
        {
          g_autofree char *shown = g_filename_display_name (one);

          g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_WRITE,
                       _("Could not write “%s”: %s"), shown, local_error->message);
          return NULL;
        }
      g_strv_builder_add (written, one);
    }

  return g_strv_builder_end (written);
}

/**
 * descent_export_dialog_export_to_path:
 * @self: an export dialog
 * @path: the file to write; the chosen format's extension is added when
 *   missing. With all plots in separate files, each file is named
 *   "<path>-<plot id>.<extension>"
 * @error: return location for a #DtPlotError
 *
 * Writes the plots with the options chosen in the dialog, each as its
 * view shows it. As CSV, writes the data of each plot from the record
 * (descent_export_dialog_set_record()) with dt_record_plot_to_csv(); all
 * plots as CSV are always separate files.
 *
 * Returns: (transfer full) (nullable): the paths written, or %NULL on error
 */
char **
descent_export_dialog_export_to_path (DescentExportDialog  *self,
                                      const char           *path,
                                      GError              **error)
{
  DtExportFormat format, path_format;
  const char *extension;
  double width, height, scale;
  g_autofree char *target = NULL;
  g_autoptr(GStrvBuilder) written = g_strv_builder_new ();

  g_return_val_if_fail (DESCENT_IS_EXPORT_DIALOG (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->plots->len == 0)
    {
      g_set_error (error, DT_PLOT_ERROR, DT_PLOT_ERROR_NO_PLOT, _("There are no plots to export"));
      return NULL;
    }

  if (descent_export_dialog_get_csv (self))
    return descent_export_dialog_export_csv (self, path, error);

  format = descent_export_dialog_get_format (self);
  extension = format_extension (format);
  if (dt_export_format_from_path (path, &path_format) && path_format == format)
    target = g_strdup (path);
  else
    target = g_strconcat (path, extension, NULL);

  width = gtk_spin_button_get_value (self->width_spin);
  height = gtk_spin_button_get_value (self->height_spin);
  scale = gtk_spin_button_get_value (self->scale_spin);

  if (!gtk_check_button_get_active (self->all_check) || self->plots->len == 1)
    {
      if (!dt_plot_export_scaled (g_ptr_array_index (self->plots, self->current), target,
                                  width, height, scale, error))
        return NULL;
      g_strv_builder_add (written, target);
    }
  else if (descent_export_dialog_is_single_pdf (self))
    {
      if (!dt_plot_export_plots (self->plots, target, width, height, scale, error))
        return NULL;
      g_strv_builder_add (written, target);
    }
  else
    {
      for (guint i = 0; i < self->plots->len; i++)
        {
          DtPlot *plot = g_ptr_array_index (self->plots, i);
          g_autofree char *one = dt_export_path_with_suffix (target, dt_plot_get_id (plot));

          if (!dt_plot_export_scaled (plot, one, width, height, scale, error))
            return NULL;
          g_strv_builder_add (written, one);
        }
    }

  return g_strv_builder_end (written);
}
