"""The national dashboard: one intervention as it stood on a day (``state``), the words the
pages, the CSV and the API share (``vocabulary``), the table's filters, columns, sorting and totals
(``table``), the list built in full only for the page shown (``listing``), its form, CSV and
views."""
