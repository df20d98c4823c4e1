# ruff: noqa: E501  (message catalogue: one line per message reads best)
"""Write src/fairprint/i18n/locales/fr/LC_MESSAGES/messages.po from the template
messages (pybabel extract) and the French below. Run after changing a template:

    .venv/bin/pybabel extract -F src/fairprint/i18n/babel.cfg -o /tmp/messages.pot src/fairprint
    .venv/bin/python scripts/i18n_fr.py /tmp/messages.pot

Messages without a French entry are reported (and shown in English until translated).
Data strings (registry labels, page titles, groupings) are listed in DATA: they are not in
the templates' source, so extraction cannot find them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

OUT = Path(__file__).resolve().parents[1] / "src/fairprint/i18n/locales/fr/LC_MESSAGES/messages.po"

FR: dict[str, str] = {
    "Nothing about this model is published as a fact: every figure below is estimated or undisclosed.": "Rien sur ce modèle n’est publié comme un fait : chaque chiffre ci-dessous est estimé ou non publié.",
    # the levers, People and ESRS parts of the HTML report (report.html.j2)
    "Each lever re-runs the same estimate on the same requests with one change; savings are the difference of the central estimates, with the low and high scenarios in small print.": "Chaque levier refait la même estimation sur les mêmes requêtes avec un seul changement ; l’économie est la différence des estimations centrales, les scénarios bas et haut en petits caractères.",
    "No lever found: no smaller model or cleaner region in the registry for this traffic.": "Aucun levier trouvé : pas de modèle plus petit ni de région moins carbonée dans le registre pour ce trafic.",
    "Share of requests": "Part des requêtes",
    "Human hours (model family)": "Heures de travail humain (famille du modèle)",
    "In your traffic": "Dans votre trafic",
    "Embedded data work in this traffic: %(hours)s": "Travail humain sur les données incorporé dans ce trafic : %(hours)s",
    "undisclosed for %(count)s requests": "non publié pour %(count)s requêtes",
    "Labour transparency of the providers": "Transparence des fournisseurs sur le travail",
    "(FMTI data-labour indicators, latest edition; scores reward disclosure, not good practice)": "(indicateurs du FMTI sur le travail des données, dernière édition ; les scores récompensent la publication, pas les bonnes pratiques)",
    "Score": "Score",
    "Indicators disclosed": "Indicateurs publiés",
    "Indicators undisclosed": "Indicateurs non publiés",
    "Known facts of the data-work supply chain": "Faits connus de la chaîne de sous-traitance du travail des données",
    "Fact": "Fait",
    "Scope": "Portée",
    "Made public by": "Rendu public par",
    "Reported pay against wage references": "Rémunérations rapportées face aux salaires de référence",
    "(hourly, PPP dollars of private consumption)": "(à l’heure, en dollars PPA de la consommation privée)",
    "Pay item": "Élément de rémunération",
    "Reported pay": "Rémunération rapportée",
    "Reference": "Référence",
    "Pay / reference": "Rémunération / référence",
    "None: nothing is published about these models' data work.": "Aucune : rien n’est publié sur le travail des données derrière ces modèles.",
    "Datapoint": "Point de données",
    "Figure": "Indicateur",
    "Boundary": "Périmètre",
    "Notes": "Notes",
    "Catalogue: %(version)s.": "Catalogue : %(version)s.",
    # the Imports, import result and quarantine pages (web/templates)
    "Imported": "Importé",
    "%(file)s (%(format)s): <strong>%(accepted)s</strong> row(s) added, %(known)s already known, %(quarantined)s quarantined.": "%(file)s (%(format)s) : <strong>%(accepted)s</strong> ligne(s) ajoutée(s), %(known)s déjà connue(s), %(quarantined)s mise(s) en quarantaine.",
    "Dashboard": "Tableau de bord",
    "All imports": "Tous les imports",
    "See the quarantined rows": "Voir les lignes en quarantaine",
    "Import a file": "Importer un fichier",
    "Server token": "Jeton du serveur",
    "Usage export, trace or log file (up to %(size)s)": "Export d’usage, trace ou fichier journal (jusqu’à %(size)s)",
    "Format": "Format",
    "“auto” detects it. Re-importing the same rows adds nothing.": "« auto » le détecte. Réimporter les mêmes lignes n’ajoute rien.",
    "Import": "Importer",
    "Drill down": "Détail",
    "No file imported yet.": "Aucun fichier importé pour l’instant.",
    "Rows set aside": "Lignes mises de côté",
    "Rows an importer could not read into activities, with the reason. Fix the source file and import it again.": "Les lignes qu’un importateur n’a pas pu lire comme activités, avec la raison. Corrigez le fichier source et importez-le de nouveau.",
    "No quarantined rows.": "Aucune ligne en quarantaine.",
    "Back to the imports": "Retour aux imports",
    "saves %(saving)s of carbon (%(percent)s of that traffic; range %(range)s) over %(scope)s.": "économise %(saving)s de carbone (%(percent)s de ce trafic ; fourchette %(range)s) sur %(scope)s.",
    "%(requests)s requests in %(activities)s log rows": "%(requests)s requêtes dans %(activities)s lignes de journal",
    "and %(rows)s: their logs count tokens, not requests": "et %(rows)s : leurs journaux comptent des tokens, pas des requêtes",
    "%(tokens)s tokens": "%(tokens)s tokens",
    "Requests": "Requêtes",
    "Tokens": "Tokens",
    "Share of carbon": "Part du carbone",
    "unknown": "inconnu",
    "%(count)s req. unknown": "%(count)s req. inconnues",
    "Why so wide?": "Pourquoi une fourchette si large ?",
    "Every range is a 90 %% interval (5th to 95th percentile): each uncertain input is drawn many times from its published low–central–high range, together with the kernel's own error measured against GPU measurements of open models. Providers do not publish how many requests share a chip, how busy the chips are, or the size of closed models, so those inputs span wide published ranges.": "Chaque fourchette est un intervalle à 90 %% (du 5e au 95e centile) : chaque donnée incertaine est tirée de nombreuses fois dans sa plage publiée (basse, centrale, haute), avec l’erreur propre du modèle de calcul, mesurée sur des mesures GPU de modèles ouverts. Les fournisseurs ne publient ni le nombre de requêtes traitées ensemble par puce, ni le taux d’occupation des puces, ni la taille des modèles fermés : ces données couvrent donc de larges plages publiées.",
    "The inputs that usually widen the range most: the share of memory bandwidth the accelerators achieve, the number of requests served at once per accelerator, the accelerators' power draw, the parameter count of closed models and the carbon intensity of the grid. Each estimate lists its own main drivers.": "Ce qui élargit le plus souvent la fourchette : la part de la bande passante mémoire effectivement atteinte par les accélérateurs, le nombre de requêtes servies en même temps par accélérateur, la puissance qu’ils tirent, le nombre de paramètres des modèles fermés et l’intensité carbone du réseau électrique. Chaque estimation indique ses propres facteurs principaux.",
    "Methodology, section 5: Ranges": "Méthodologie, section 5 : les fourchettes",
    "Ask": "Votre question",
    "Model": "Modèle",
    "size undisclosed": "taille non publiée",
    "How much": "Combien",
    "My own numbers of tokens:": "Mes propres nombres de tokens :",
    "Input tokens per request": "Tokens en entrée par requête",
    "Output tokens per request": "Tokens en sortie par requête",
    "Number of requests": "Nombre de requêtes",
    "For example 20 a day for a year: 7300.": "Par exemple 20 par jour pendant un an : 7300.",
    "Where it is served": "Où le modèle tourne",
    "What to count": "Ce qui est compté",
    "Datacenter use and hardware (default)": "Usage du centre de données et matériel (par défaut)",
    "Life cycle: also the model's training": "Cycle de vie : aussi l’entraînement du modèle",
    "Servers' electricity only": "Électricité des serveurs seulement",
    "Chips' electricity only": "Électricité des puces seulement",
    "The provider's default region": "La région par défaut du fournisseur",
    "Only regions the model's provider serves from are accepted.": "Seules les régions depuis lesquelles le fournisseur du modèle sert ses requêtes sont acceptées.",
    "Show the footprint": "Voir l’empreinte",
    "Answer": "Réponse",
    "Pick a model and an amount, then press <strong>Show the footprint</strong>.": "Choisissez un modèle et une quantité, puis appuyez sur <strong>Voir l’empreinte</strong>.",
    "%(input)s input + %(output)s output tokens each": "%(input)s tokens en entrée + %(output)s en sortie chacune",
    "served from %(datacenter)s (grid %(zone)s).": "servies depuis %(datacenter)s (réseau électrique %(zone)s).",
    "Planet": "Planète",
    "range": "fourchette",
    "In everyday terms": "Pour se faire une idée",
    "source of %(what)s": "source : %(what)s",
    "People": "Les personnes",
    "Human data work behind the <strong>%(family)s</strong> family:": "Travail humain sur les données derrière la famille <strong>%(family)s</strong> :",
    "undisclosed": "non publié",
    "%(provider)s publishes no counts, hours, workers or pay in the sources we track.": "%(provider)s ne publie ni volumes, ni heures, ni nombre de travailleurs, ni rémunérations dans les sources que nous suivons.",
    "%(hours)s hours": "%(hours)s heures",
    "Labour transparency of %(name)s:": "Transparence sur le travail chez %(name)s :",
    "(no data-labour indicator met in the Foundation Model Transparency Index).": "(aucun indicateur sur le travail des données rempli dans le Foundation Model Transparency Index).",
    "<strong>%(share)s %%</strong> of the FMTI data-labour indicators (%(points)s/%(possible)s, edition %(edition)s).": "<strong>%(share)s %%</strong> des indicateurs du FMTI sur le travail des données (%(points)s/%(possible)s, édition %(edition)s).",
    '<a href="%(href)s">The model\'s sheet</a> lists what is known and what is hidden.': '<a href="%(href)s">La fiche du modèle</a> détaille ce qui est connu et ce qui est caché.',
    "Share it": "Partager",
    "Link to this answer": "Lien vers cette réponse",
    "Share card:": "Carte à partager :",
    "Download the card (SVG)": "Télécharger la carte (SVG)",
    "Download as PNG": "Télécharger en PNG",
    "Sources": "Sources",
    "Request shape:": "Forme de la requête :",
    "Model, datacenter, grid and hardware factors: fairprint registry %(registry)s, methodology %(methodology)s": "Facteurs du modèle, du centre de données, du réseau et du matériel : registre fairprint %(registry)s, méthodologie %(methodology)s",
    'see the <a href="%(href)s">model sheet</a>': 'voir la <a href="%(href)s">fiche du modèle</a>',
    "Period": "Période",
    "From (first day)": "Du (premier jour)",
    "To (last day)": "Au (dernier jour)",
    "Main grouping": "Regroupement principal",
    "Apply": "Appliquer",
    "No activity in this period.": "Aucune activité sur cette période.",
    "%(requests)s requests in %(activities)s activities, %(tokens)s tokens, from %(first)s to %(last)s.": "%(requests)s requêtes dans %(activities)s activités, %(tokens)s tokens, du %(first)s au %(last)s.",
    "quarantined rows": "lignes en quarantaine",
    "this view as JSON": "cette vue en JSON",
    "Nothing to show yet": "Rien à afficher pour l’instant",
    'Import a usage export with <code>fairprint import FILE</code>, on the <a href="/imports">Imports</a> page, or try the <a href="/calculator">calculator</a>.': 'Importez un export d’usage avec <code>fairprint import FICHIER</code> ou sur la page <a href="/imports">Imports</a>, ou essayez le <a href="/calculator">calculateur</a>.',
    "Totals": "Totaux",
    "%(count)s requests unknown": "%(count)s requêtes inconnues",
    "Biggest levers": "Les plus grands leviers",
    "saves %(saving)s of carbon (%(percent)s of that traffic; range %(range)s) over %(requests)s requests.": "économise %(saving)s de carbone (%(percent)s de ce trafic ; fourchette %(range)s) sur %(requests)s requêtes.",
    "No lever found: no smaller model or cleaner region with known figures for this traffic.": "Aucun levier trouvé : pas de modèle plus petit ni de région moins carbonée aux chiffres connus pour ce trafic.",
    "Over time (by %(grain)s)": "Dans le temps (par %(grain)s)",
    "Every period has its place on the axis; a hatched slot marked “?” is unknown, never zero; a ▲ marks a range that runs above the axis.": "Chaque période a sa place sur l’axe ; une case hachurée marquée « ? » est inconnue, jamais zéro ; un ▲ signale une fourchette qui dépasse le haut de l’axe.",
    "By %(group)s": "Par %(group)s",
    "People, by model": "Les personnes, par modèle",
    "The human data work embedded in each model family, and how much its provider discloses about it.": "Le travail humain sur les données incorporé dans chaque famille de modèles, et ce que son fournisseur en dit.",
    "Family": "Famille",
    "Carbon": "Carbone",
    "Data work": "Travail sur les données",
    "Labour transparency": "Transparence sur le travail",
    "registry %(registry)s · methodology %(methodology)s": "registre %(registry)s · méthodologie %(methodology)s",
    "Skip to content": "Aller au contenu",
    "The rule": "La règle",
    "The full method, with every equation: docs/methodology.md, section 5 “Ranges”, in the fairprint source.": "La méthode complète, avec chaque équation : docs/methodology.md, section 5 « Ranges », dans les sources de fairprint.",
    "The uncertain inputs (registry %(version)s)": "Les données incertaines (registre %(version)s)",
    "Input": "Donnée",
    "Low": "Bas",
    "Central": "Central",
    "High": "Haut",
    "High ÷ low": "Haut ÷ bas",
    "Lower impact at": "Impact plus faible à",
    "Why these values": "Pourquoi ces valeurs",
    "the low end": "la valeur basse",
    "the high end": "la valeur haute",
    "What": "Quoi",
    "Value": "Valeur",
    "Every figure of this audit": "Tous les chiffres de cet audit",
    "Status": "Statut",
    "Source": "Source",
    "Known": "Ce qui est connu",
    "Hidden or only estimated": "Caché ou seulement estimé",
    "What the estimate assumes": "Les hypothèses de l’estimation",
    "Reported pay against wage standards": "Rémunérations rapportées face aux références salariales",
    "Who": "Qui",
    "Country": "Pays",
    "Standard": "Référence",
    "Pay (PPP $/h)": "Rémunération ($ PPA/h)",
    "Standard (PPP $/h)": "Référence ($ PPA/h)",
    "Ratio": "Rapport",
    "Note": "Remarque",
    "Models": "Modèles",
    "Parameter counts are what an energy estimate rests on.": "Le nombre de paramètres est la base de toute estimation de l’énergie.",
    "disclosed": "publié",
    "published by the developer;": "publié par le développeur ;",
    "estimated": "estimé",
    "third-party estimates (the developer does not say);": "estimations de tiers (le développeur ne dit rien) ;",
    "nothing published, so no estimate is made.": "rien n’est publié, donc aucune estimation n’est faite.",
    "Select a model to see its sheet.": "Choisissez un modèle pour voir sa fiche.",
    "Provider": "Fournisseur",
    "Active params (B)": "Paramètres actifs (Md)",
    "Total params (B)": "Paramètres au total (Md)",
    "Released": "Sortie",
    "Footprint": "Empreinte",
    "%(count)s requests could not be estimated": "%(count)s requêtes n’ont pas pu être estimées",
    "Over time": "Dans le temps",
    "(per %(grain)s; line = central, band = low–high; a hatched “?” slot is unknown, never zero)": "(par %(grain)s ; ligne = valeur centrale, bande = bas–haut ; une case hachurée « ? » est inconnue, jamais zéro)",
    "By model": "Par modèle",
    "(ordered by carbon; whisker = low–high)": "(par carbone décroissant ; trait = bas–haut)",
    "By team": "Par équipe",
    "Change": "Changement",
    "tokens": "tokens",
    "Carbon saved": "Carbone économisé",
    "Water": "Eau",
    "(the human data work behind the models you used)": "(le travail humain sur les données derrière les modèles utilisés)",
    "Going further": "Pour aller plus loin",
    "Sustainability reporting (ESRS / GHG Protocol)": "Reporting de durabilité (ESRS / GHG Protocol)",
    "Methodology and sources": "Méthodologie et sources",
    "Imported files": "Fichiers importés",
    "Main": "Principale",
    "fairprint · every figure is a range (low–high) · “unknown” and “undisclosed” are never counted as zero · nothing on this page is fetched from another host": "fairprint · chaque chiffre est une fourchette (bas–haut) · « inconnu » et « non publié » ne comptent jamais pour zéro · rien sur cette page ne vient d’un autre serveur",
    "estimated by analogy — the developer discloses nothing": "estimé par analogie — le développeur ne publie rien",
    "for the family": "pour la famille",
    "human minutes per 1,000 requests": "minutes de travail humain pour 1 000 requêtes",
    "Fair-data premium": "Prime pour des données équitables",
    "Audit of %(files)s": "Audit de %(files)s",
    "Inputs:": "Entrées :",
    "%(rows)s rows read": "%(rows)s lignes lues",
    "settings:": "réglages :",
    "reference": "référence",
    "for": "pour",
    "Suppressed:": "Masqué :",
    "No figure about fewer than k workers is ever shown.": "Aucun chiffre portant sur moins de k travailleurs n’est jamais affiché.",
    "Section": "Section",
    "PPP $ per 1,000 requests": "$ PPA pour 1 000 requêtes",
    "PPP $ over the period": "$ PPA sur la période",
    "What lifting the embedded data-work pay to the local living wage would cost: human minutes per 1,000 requests (disclosed, else estimated by analogy) × the shortfall of the reported pay below the living wage. Unknown stays unknown, never 0; a premium of 0 means the reported pay is at or above the living wage.": "Ce que coûterait le relèvement de la rémunération du travail sur les données au salaire vital local : minutes de travail humain pour 1 000 requêtes (publiées, sinon estimées par analogie) × l’écart entre la rémunération rapportée et le salaire vital. L’inconnu reste inconnu, jamais 0 ; une prime de 0 signifie que la rémunération rapportée atteint ou dépasse le salaire vital.",
    "Fair-data premium (lifting the embedded data-work pay to the local living wage):": "Prime pour des données équitables (relever la rémunération du travail sur les données au salaire vital local) :",
    "the reported pay is at or above the living wage it is compared with": "la rémunération rapportée atteint ou dépasse le salaire vital auquel elle est comparée",
    "Pay compared:": "Rémunération comparée :",
    "no reported pay with a living wage to compare, or no human-work estimate (never counted as 0).": "aucune rémunération rapportée à comparer à un salaire vital, ou aucune estimation du travail humain (jamais comptée comme 0).",
}

PLURALS: dict[tuple[str, str], tuple[str, str, str]] = {
    # French (CLDR) has three forms: one (0, 1), many (whole millions), other.
    ("<strong>%(num)s</strong> request to", "<strong>%(num)s</strong> requests to"): (
        "<strong>%(num)s</strong> requête adressée à",
        "<strong>%(num)s</strong> de requêtes adressées à",
        "<strong>%(num)s</strong> requêtes adressées à",
    ),
    ("%(num)s row without a request count", "%(num)s rows without a request count"): (
        "%(num)s ligne sans nombre de requêtes",
        "%(num)s de lignes sans nombre de requêtes",
        "%(num)s lignes sans nombre de requêtes",
    ),
    ("%(n)s file imported into %(ledger)s", "%(n)s files imported into %(ledger)s"): (
        "%(n)s fichier importé dans %(ledger)s",
        "%(n)s de fichiers importés dans %(ledger)s",
        "%(n)s fichiers importés dans %(ledger)s",
    ),
    ("%(n)s row set aside", "%(n)s rows set aside"): (
        "%(n)s ligne mise de côté",
        "%(n)s de lignes mises de côté",
        "%(n)s lignes mises de côté",
    ),
    ("%(n)s row set aside by import %(id)s", "%(n)s rows set aside by import %(id)s"): (
        "%(n)s ligne mise de côté par l’import %(id)s",
        "%(n)s de lignes mises de côté par l’import %(id)s",
        "%(n)s lignes mises de côté par l’import %(id)s",
    ),
    ("%(num)s import", "%(num)s imports"): (
        "%(num)s import",
        "%(num)s d’imports",
        "%(num)s imports",
    ),
}

DATA: dict[str, str] = {
    # calculator boundary notes and training line (web/calculator.py)
    "Of the carbon: amortised training": "Dont carbone de l’entraînement (amorti)",
    "Boundary: the chips' own electricity only (no host servers, cooling, water on site or hardware manufacturing).": "Périmètre : l’électricité des puces seulement (sans serveurs hôtes, refroidissement, eau sur site ni fabrication du matériel).",
    "Boundary: servers' electricity (chips, host and idle capacity), without the datacenter's cooling or hardware manufacturing.": "Périmètre : l’électricité des serveurs (puces, hôte et capacité inactive), sans le refroidissement du centre de données ni la fabrication du matériel.",
    "Boundary: life cycle. Adds the model's training, shared over the requests it serves in its life, where the developer discloses it; network and your device are not counted.": "Périmètre : cycle de vie. Ajoute l’entraînement du modèle, réparti sur les requêtes qu’il sert pendant sa vie, là où le développeur le publie ; le réseau et votre appareil ne sont pas comptés.",
    # column names of the Imports and quarantine tables (ledger.imports(), quarantine())
    "import_id": "n° d’import",
    "file": "fichier",
    "file_sha256": "SHA-256 du fichier",
    "format": "format",
    "status": "état",
    "accepted": "acceptées",
    "quarantined": "en quarantaine",
    "already_known": "déjà connues",
    "skipped": "ignorées",
    "started_at": "début",
    "finished_at": "fin",
    "computation_id": "n° de calcul",
    "forgets": "oublis",
    "removed": "retirées",
    "committed": "enregistré",
    "failed": "échoué",
    "line": "ligne",
    "raw": "contenu brut",
    "reason": "raison",
    # request counts and levers (report/wording.py)
    "1 row without a request count": "1 ligne sans nombre de requêtes",
    "%(n)s rows without a request count": "%(n)s lignes sans nombre de requêtes",
    "%(requests)s + %(rows)s": "%(requests)s + %(rows)s",
    "%(tokens)s tokens (the logs give no request count)": "%(tokens)s tokens (les journaux ne donnent pas de nombre de requêtes)",
    "Move %(model)s traffic to %(target)s": "Passer le trafic de %(model)s sur %(target)s",
    "Serve %(model)s traffic from its %(target)s region": "Servir le trafic de %(model)s depuis sa région %(target)s",
    "%(target)s is the smallest %(family)s model in the registry (by active parameters); check it does the job before switching.": "%(target)s est le plus petit modèle %(family)s du registre (en paramètres actifs) ; vérifiez qu’il fait l’affaire avant de changer.",
    "%(target)s is %(provider)s's newest smaller model in the registry (by active parameters); check it does the job before switching.": "%(target)s est le plus récent des modèles plus petits de %(provider)s dans le registre (en paramètres actifs) ; vérifiez qu’il fait l’affaire avant de changer.",
    "%(region)s draws on grid %(zone)s at %(intensity)s gCO2e/kWh, the lowest of %(provider)s's regions in the registry; only where the provider lets you choose the region.": "%(region)s s’alimente sur le réseau %(zone)s à %(intensity)s gCO2e/kWh, le plus bas des régions de %(provider)s dans le registre ; seulement si le fournisseur vous laisse choisir la région.",
    # navigation and page titles (web/app.py, web/routers/*)
    "Dashboard": "Tableau de bord",
    "Calculator": "Calculateur",
    "Models": "Modèles",
    "Audits": "Audits",
    "Imports": "Imports",
    "API": "API",
    "What does one AI request cost?": "Que coûte une requête à une IA ?",
    "AI footprint dashboard": "Tableau de bord de l’empreinte de l’IA",
    "Model sheets": "Fiches des modèles",
    "Fair data-work audits": "Audits du travail sur les données",
    "Quarantined rows": "Lignes en quarantaine",
    "Import done": "Import terminé",
    "JSON API": "API JSON",
    "Why are the ranges so wide?": "Pourquoi des fourchettes si larges ?",
    "How fairprint builds every low–high range, and from what": "Comment fairprint construit chaque fourchette bas–haut, et à partir de quoi",
    # metrics (report/metrics.py, web/calculator.py)
    "Energy": "Énergie",
    "Water": "Eau",
    "Minerals (abiotic resources)": "Minerais (ressources abiotiques)",
    "Minerals": "Minerais",
    "Minerals (ADPe)": "Minerais (ADPe)",
    "Energy, carbon, water, minerals — and the people behind the model": "Énergie, carbone, eau, minerais — et les personnes derrière le modèle",
    "Planet and people, with ranges — from the ledger on this machine": "La planète et les personnes, en fourchettes — depuis le registre de cette machine",
    "Pay and hours of the people who label data — groups smaller than k are never shown": "Rémunération et heures des personnes qui annotent les données — aucun groupe de moins de k personnes n’est affiché",
    "Primary energy": "Énergie primaire",
    # groupings and grains
    "model": "modèle",
    "provider": "fournisseur",
    "project": "projet",
    "team": "équipe",
    "source": "source",
    "region": "région",
    "user": "utilisateur",
    "day": "jour",
    "month": "mois",
    "Provider": "Fournisseur",
    "Project": "Projet",
    "Team": "Équipe",
    "Region": "Région",
    "Day": "Jour",
    "Month": "Mois",
    # statuses
    "disclosed": "publié",
    "reported": "déclaré",
    "estimated": "estimé",
    "assumed": "supposé",
    # chart texts (fairprint.i18n.CHART_FRAGMENTS and patterns)
    "unknown (not counted as zero)": "inconnu (jamais compté comme zéro)",
    "no activity recorded": "aucune activité enregistrée",
    "band cut; highest high": "bande coupée ; plus haut",
    "above the axis": "au-dessus de l’axe",
    "runs past the axis": "dépasse l’axe",
    "high end": "valeur haute",
    "not shown": "non affiché",
    "no data": "aucune donnée",
    "No data.": "Aucune donnée.",
    "others": "autres",
    "%(what)s over time": "%(what)s dans le temps",
    "%(metric)s by %(group)s": "%(metric)s par %(group)s",
    # the share card (web/card.py)
    "%(input)s input + %(output)s output tokens": "%(input)s tokens en entrée + %(output)s en sortie",
    "1 request": "1 requête",
    "%(n)s requests": "%(n)s requêtes",
    "Human work: ~%(minutes)s min per 1,000 requests (undisclosed; estimated by analogy)": "Travail humain : ~%(minutes)s min pour 1 000 requêtes (non publié ; estimé par analogie)",
    "Human data work behind it: undisclosed": "Travail humain sur les données derrière ce modèle : non publié",
    "Human data work behind the %(family)s family: %(hours)s hours (%(status)s)": "Travail humain sur les données derrière la famille %(family)s : %(hours)s heures (%(status)s)",
    "%(provider)s: no labour disclosure found (FMTI)": "%(provider)s : aucune information publiée sur le travail (FMTI)",
    "%(name)s: %(share)s of FMTI labour indicators": "%(name)s : %(share)s des indicateurs du FMTI sur le travail",
    "%(model)s: the hidden costs of %(what)s": "%(model)s : les coûts cachés de %(what)s",
    "The hidden cost of asking %(model)s": "Le coût caché d’une question à %(model)s",
    "low %(value)s": "bas %(value)s",
    "high %(value)s": "haut %(value)s",
    "fairprint · served from %(datacenter)s (grid %(zone)s) · registry %(registry)s · methodology %(methodology)s · ranges low–high": "fairprint · servi depuis %(datacenter)s (réseau %(zone)s) · registre %(registry)s · méthodologie %(methodology)s · fourchettes bas–haut",
    # conversation presets and comparisons (registry/data/*.csv)
    "A typical chat reply (about 500 output tokens, Epoch AI)": "Une réponse de chat typique (environ 500 tokens en sortie, Epoch AI)",
    "A long document in, a reply out (10,000 input + 500 output tokens, Epoch AI)": "Un long document en entrée, une réponse en sortie (10 000 tokens en entrée + 500 en sortie, Epoch AI)",
    "A book-length input (100,000 input + 500 output tokens, Epoch AI)": "Un livre entier en entrée (100 000 tokens en entrée + 500 en sortie, Epoch AI)",
    "A 400-token reply (Mistral AI's reference response)": "Une réponse de 400 tokens (la réponse de référence de Mistral AI)",
    "full charges of a smartphone battery": "recharges complètes d’une batterie de smartphone",
    "km driven by an average new car in Europe": "km parcourus par une voiture neuve moyenne en Europe",
    "days of one adult's drinking water": "jours d’eau de boisson d’un adulte",
    "The source gives no prompt size, so the prompt's tokens are not counted.": "La source ne donne pas la taille de la requête : ses tokens en entrée ne sont pas comptés.",
}


def main(pot: Path) -> None:
    with pot.open("rb") as stream:
        template = read_po(stream)
    catalog = Catalog(locale="fr", project="fairprint", domain="messages")
    missing = []
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            translated = PLURALS.get(tuple(message.id))  # type: ignore[arg-type]
            if translated is None:
                missing.append(message.id)
            catalog.add(message.id, translated or ("", "", ""), locations=message.locations)
        else:
            if message.id not in FR:
                missing.append(message.id)
            catalog.add(message.id, FR.get(message.id, ""), locations=message.locations)
    for english, french in DATA.items():
        if english not in catalog:
            catalog.add(english, french)
    for ids, forms in PLURALS.items():  # plurals built in Python (ngettext), not extracted
        if ids[0] not in catalog:
            catalog.add(ids, forms)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as stream:
        write_po(stream, catalog, width=100, omit_header=False)
    for message_id in missing:
        print(f"no French yet: {message_id!r}", file=sys.stderr)
    print(f"wrote {OUT} ({len(catalog)} messages, {len(missing)} untranslated)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/messages.pot"))
