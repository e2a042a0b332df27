(function(){
  // Year switch and language toggle. A link can choose both: report.html#en,2023
  var year=document.getElementById('year'), lang=document.getElementById('lang');
  function showYear(){document.querySelectorAll('section.year').forEach(function(s){
    s.hidden = s.dataset.year !== year.value;});}
  function setLang(en){document.querySelectorAll('[data-en]').forEach(function(el){
    if(!el.dataset.id){el.dataset.id = el.textContent;}
    el.textContent = en ? el.dataset.en : el.dataset.id;});
    document.documentElement.lang = en ? 'en' : 'id';
    lang.textContent = en ? 'Bahasa Indonesia' : 'English';}
  var english=false;
  location.hash.slice(1).split(',').forEach(function(part){
    if(part === 'en'){english = true;}
    if(year.querySelector('option[value="' + part + '"]')){year.value = part;}
  });
  year.addEventListener('change', showYear);
  lang.addEventListener('click', function(){english=!english; setLang(english);});
  showYear();
  if(english){setLang(true);}
})();
