document.getElementById('filter').addEventListener('input', function (event) {
  var needle = event.target.value.toLowerCase();
  // a search opens every agency: the matching rows are shown wherever they are
  if (needle) {
    document.querySelectorAll('#findings details').forEach(function (group) { group.open = true; });
  }
  document.querySelectorAll('#findings tbody tr, #infos tbody tr').forEach(function (row) {
    row.style.display = row.textContent.toLowerCase().indexOf(needle) >= 0 ? '' : 'none';
  });
});
