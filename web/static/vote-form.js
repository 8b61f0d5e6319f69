// The ballot form of a user voting for several members: choosing another member clears the choice, so that one
// member's choice is never sent, unnoticed, for another. Without this script no choice is preselected anyway.
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var member = form && form.querySelector("select[name=member]");
  if (!member) { return; }
  member.addEventListener("change", function () {
    var radios = form.querySelectorAll("input[type=radio][name=choice]");
    for (var i = 0; i < radios.length; i += 1) { radios[i].checked = false; }
  });
}());
