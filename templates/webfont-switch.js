try{if(localStorage.getItem("portal-webfont"))document.documentElement.classList.add("webfont")}catch(e){}
