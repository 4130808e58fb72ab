// The reports page: a preset fills the dates, editing a date picks "custom", and the download links
// follow the dates, the language and the CSV table chosen (the form itself works without script).
const form = document.getElementById('report-form');
const from = document.getElementById('from');
const to = document.getElementById('to');
const xlsx = document.getElementById('dl-xlsx');
const csv = document.getElementById('dl-csv');
const table = document.getElementById('csv-table');
const lang = document.documentElement.lang === 'en' ? 'en' : 'vi';

function url(format, extra) {
  const q = new URLSearchParams({ from: from.value, to: to.value, format, ...extra });
  if (lang === 'en') q.set('lang', 'en');
  return `/api/v1/reports?${q}`;
}

function links() {
  xlsx.href = url('xlsx', {});
  csv.href = url('csv', { table: table.value });
}

for (const radio of form.querySelectorAll('input[name="preset"]')) {
  radio.addEventListener('change', () => {
    if (radio.dataset.from) {
      from.value = radio.dataset.from;
      to.value = radio.dataset.to;
    }
    links();
  });
}
for (const input of [from, to]) {
  input.addEventListener('input', () => {
    document.getElementById('preset-custom').checked = true;
    links();
  });
}
table.addEventListener('change', links);
