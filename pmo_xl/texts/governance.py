"""French texts of the problems of the governance readers and commands (minutes, registers, invitations).

Problems are produced in English; :mod:`pmo_xl.i18n` shows these French texts.
"""

MESSAGES_FR: dict[str, str] = {
    # committee calendar, members, registers
    "unknown committee": "comité inconnu",
    "recurrence not understood": "récurrence incomprise",
    "member without committee or name": "membre sans comité ou sans nom",
    "unknown language": "langue inconnue",
    "invalid date": "date invalide",
    "invalid number": "nombre invalide",
    "gate without cycle or code": "porte sans cycle ou sans code",
    "unknown action status": "statut d'action inconnu",
    "unknown decision status": "statut de décision inconnu",
    "governance action without id or title": "action de gouvernance sans identifiant ou sans intitulé",
    "governance decision without id or title": "décision de gouvernance sans identifiant ou sans intitulé",
    "gate row without project or gate": "ligne de porte sans projet ou sans porte",
    "unknown gate decision": "décision de porte inconnue",
    "change request without reference, project or request": "demande de changement sans référence, projet ou objet",
    "unknown change decision": "décision de changement inconnue",
    # minutes
    "not a Word document": "ce n'est pas un document Word",
    "not a minutes document of the pmo-xl template": "ce n'est pas un compte rendu du modèle pmo-xl",
    "the minutes do not have the four tables of the template":
        "le compte rendu n'a pas les quatre tableaux du modèle",
    "minutes tables re-ordered": "tableaux du compte rendu déplacés",
    "minutes table column renamed or moved": "colonne d'un tableau du compte rendu renommée ou déplacée",
    "merged cells in a minutes table": "cellules fusionnées dans un tableau du compte rendu",
    "wrong number of cells in a row of a minutes table": "nombre de cellules incorrect dans une ligne du compte rendu",
    "committee reference missing or unknown": "référence du comité absente ou inconnue",
    "meeting date missing or malformed": "date de la réunion absente ou mal écrite",
    "malformed due date": "échéance mal écrite",
    "unknown status": "statut inconnu",
    "row without reference or text": "ligne sans référence ni intitulé",
    "unknown reference": "référence inconnue",
    "unknown owner": "responsable inconnu",
    "unknown project": "projet inconnu",
    "item of a project workbook: not imported, to update in the project workbook":
        "élément d'un classeur projet : non importé, à mettre à jour dans le classeur du projet",
    # invitations
    "committee not in the calendar": "comité absent du calendrier",
    "several calendars for this committee: give its scope": "plusieurs calendriers pour ce comité : précisez son périmètre",
    "owner without e-mail in the members list": "responsable sans e-mail dans la liste des membres",
    # expected texts
    "a committee and a name": "un comité et un nom",
    "a cycle and a gate code": "un cycle et un code de porte",
    "a project code and a gate": "un code projet et une porte",
    "a recurrence like 2e mardi du mois, 10:00-12:00": "une récurrence comme 2e mardi du mois, 10:00-12:00",
    "a reference, a project code and the request": "une référence, un code projet et l'objet de la demande",
    "an id and a title": "un identifiant et un intitulé",
    "en attente, approuvée or rejetée": "en attente, approuvée ou rejetée",
    "fr or en": "fr ou en",
    "go, go sous conditions, no-go or reporté": "go, go sous conditions, no-go ou reporté",
    "ouvert, en cours, clos or annulé": "ouvert, en cours, clos ou annulé",
    "à décider, approuvée, rejetée or mise en œuvre": "à décider, approuvée, rejetée ou mise en œuvre",
    "COPIL, COPROJ or comité technique": "COPIL, COPROJ ou comité technique",
    "COPIL, COPROJ, TECH or COPROJ/<scope>": "COPIL, COPROJ, TECH ou COPROJ/<périmètre>",
    "a .docx file": "un fichier .docx",
    "a date (dd/mm/yyyy)": "une date (jj/mm/aaaa)",
    "a row of tblMembres with an e-mail": "une ligne de tblMembres avec un e-mail",
    "attendees, agenda, decisions, actions": "participants, ordre du jour, décisions, actions",
    "one cell per column": "une cellule par colonne",
    "the text of the item": "l'intitulé de l'élément",
    "a reference of the register": "une référence du registre",
    "a project code of the portfolio": "un code projet du portefeuille",
    "a committee member, a project manager, a sponsor or an owner of the portfolio's items":
        "un membre de comité, un chef de projet, un sponsor ou un responsable d'un élément du portefeuille",
    "a row of tblComites": "une ligne de tblComites",
}
