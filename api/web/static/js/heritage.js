// Behaviour shared by every page. No inline scripts anywhere: the Content-Security-Policy
// allows scripts from this origin only.
"use strict";
