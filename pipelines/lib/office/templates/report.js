(function(){
  // Year switch, language toggle, the recap's sorting and search, and agency sections
  // that open from the recap and print expanded. A link can choose year and language:
  // report.html#en,2023
  var year=document.getElementById('year'), lang=document.getElementById('lang');
  function showYear(){document.querySelectorAll('section.year').forEach(function(s){
    s.hidden = s.dataset.year !== year.value;});}
  function setLang(en){document.querySelectorAll('[data-en]').forEach(function(el){
    if(el.dataset.id === undefined){el.dataset.id = el.textContent;}
    el.textContent = en ? el.dataset.en : el.dataset.id;});
    document.querySelectorAll('[data-en-placeholder]').forEach(function(el){
      if(el.dataset.idPlaceholder === undefined){el.dataset.idPlaceholder = el.placeholder;}
      el.placeholder = en ? el.dataset.enPlaceholder : el.dataset.idPlaceholder;});
    document.documentElement.lang = en ? 'en' : 'id';
    lang.textContent = en ? 'Bahasa Indonesia' : 'English';}
  function sortBy(th){
    var table=th.closest('table'), body=table.tBodies[0], column=th.cellIndex;
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var numeric = th.dataset.kind === 'number';
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function(a, b){
      var x=a.cells[column].dataset.sort, y=b.cells[column].dataset.sort;
      if(numeric){x = x === '' ? -Infinity : parseFloat(x); y = y === '' ? -Infinity : parseFloat(y);}
      var order = numeric ? x - y : x.localeCompare(y, 'id');
      return ascending ? order : -order;});
    rows.forEach(function(r){body.appendChild(r);});}
  document.querySelectorAll('.recap-table th').forEach(function(th){
    th.addEventListener('click', function(){sortBy(th);});
    th.addEventListener('keydown', function(e){if(e.key === 'Enter'){sortBy(th);}});});
  document.querySelectorAll('.recap-search').forEach(function(input){
    input.addEventListener('input', function(){
      var needle = input.value.toLowerCase();
      input.closest('section').querySelectorAll('tbody tr').forEach(function(r){
        r.hidden = needle !== '' && r.textContent.toLowerCase().indexOf(needle) < 0;});});});
  function showTarget(){
    var target = location.hash.length > 1 && document.getElementById(location.hash.slice(1));
    if(!target){return;}
    var section = target.closest('section.year');
    if(section && section.hidden){year.value = section.dataset.year; showYear();}
    if(target.tagName === 'DETAILS'){target.open = true;}
    target.scrollIntoView();}
  window.addEventListener('hashchange', showTarget);
  window.addEventListener('beforeprint', function(){
    document.querySelectorAll('details').forEach(function(d){d.open = true;});});
  // #fokus:<id> shows one part alone (a chart or an agency), to brief or print it
  function focusOn(id){
    var target = document.getElementById(id);
    if(!target){return;}
    var section = target.closest('section.year');
    if(section){year.value = section.dataset.year;}
    if(target.tagName === 'DETAILS'){target.open = true;}
    target.classList.add('focused');
    for(var up = target.parentElement; up; up = up.parentElement){up.classList.add('focus-path');}
    document.body.classList.add('focus');}
  var english=false;
  location.hash.slice(1).split(',').forEach(function(part){
    if(part === 'en'){english = true;}
    if(part.indexOf('fokus:') === 0){focusOn(part.slice(6));}
    if(year.querySelector('option[value="' + part + '"]')){year.value = part;}
  });
  year.addEventListener('change', showYear);
  lang.addEventListener('click', function(){english=!english; setLang(english);});
  showYear();
  if(english){setLang(true);}
  showTarget();
})();
