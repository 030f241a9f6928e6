"""One-time passphrases for case handover packages: words that can be read out over the phone.

796 common Norwegian words (a–z and æøå only); six of them give about 58 bits, and each guess costs an Argon2id
run (64 MiB): far out of reach for guessing, as long as the words travel another way than the file.
"""

from __future__ import annotations

import math
import secrets

_WORDS = """
    abbor aften agat agurk akkar akse aksje alder alge alm alpe alt ambolt amboss anemone ankel anker
    anorakk antenne apal appelsin april arena arm armbånd arve asal asfalt ask aske asp atlas august
    aure avis bade bader badstue bakeri bakke bakst balkong ball ballong bambus bamse banan band bank
    bark barn barnehage basar bass batteri baug beger beite bekk bekken belte ben benk berg bestikk bete
    betong bever bie bil bilde binders bingo bisk bjeff bjelke bjelle bjørk bjørn blad blekk blikk blink
    blokk blomst blues bly blyant blå bok bokhylle boks bolle bolt bom bonde bord borg bot brake brask
    bred bregne brev bringebær bris bro bru brunost bryst brød brønn bue bukk bukse bunad bunke bur
    burger busk buss bytte båt båtsmann bær bølge bønne dagg dal dam damp dans datter deig dekk dekke
    delfin demning dikt dill disk disse dobbel dokke dorg drage drakt dravle drivved drops drue due
    dugnad duk dukke duppe dusj dverg dyne dør eføy egg eier eik elg elgkalv elv emne enebær eng eple
    erle ert esel eske eventyr fabel fakkel fall fane fanger farge fasan fat feber fele felt fersken
    fest figur fiken fil film finger fiol fisk fiske fjell fjord fjær fjøs flagg flaske flis flodhest
    flue flyfisk flyger fløte fløyte fokk fole folk fontene fort foss fossil fot fred frosk frost frukt
    frø fugl furu fyr fyrstikk fyrtårn gaffel gammel gang gapa gard gate gaupe geit gitar gjerde
    gjøk glass glede glent glo gnist gode gran gresk gress grind gris grotte grue grus grøft grøt gull
    gulrot gummi gutt gyro hage hagl hai hake hakke halm hammer hamp hane hanske hare harpe hassel hatt
    hauk hav havn havre havørn hegre hei hekk hekle helg helle hermelin hest hette hingst hiv hjelm
    hjort hjul hode hoff hollender holme honning horn hule humle hummer humør hund hus hval hvete hylle
    hyssing hytte høne høst høy iglo ild ingefær iris isbre jade jakke jarl jazz jeger jern jolle jolly
    jord jubel jule juli juni juv kabel kafe kaffe kai kajakk kakao kake kalender kalk kalv kam kamel
    kamera kanal kanel kanin kanne kano kant kappe karamell karde kart karve kastanje katt kaviar
    kikkert kilde kiste kiwi kjeks kjele kjeller kjerre kjole kjølvann klaff klatre klatt klegg klokke
    klovn klut kløver knapp kniv knoll knott kobbe kobber kobra kokk kokos kolle komet kompass konge
    kopp korall korg kork korn kornåker kors kost kotelett krabbe kran krans krone krukke kuffert kule
    kuling kum kurv kvann kveld kvist kylling kyst lagune lakris laks lam lampe land lapp lav lefse leik
    leire lerke lerret lilje lim lime linjal linse list lodd loff lokk lomme lompe lone loppe losje
    losji lue luft lund lune lykt lyn lyng lyra lys løk løve madrass mage makrell maling mandel mandolin
    mane manet mango marengs marg marmor marsj mast matros matte medalje meis mel melk melon mikke miljø
    mink minne mjød mokka moll molo molte morell mose mugge mule munk mus musikk mygg mynt myr myrull
    måke måne mølle nabo natt nattergal nebb negl nese nett nikkel nisse nokk nord notat nype nøkkel
    nøtt oase okse olje ombord orkide orm osp ost otter ovn padde pai pakke palett palme panne panter
    papegøye papir paprika paraply park pasta pastill pedal pelikan pels penn pepper perle piano pil
    pingvin pinne pipe pirat pizza planke plante plate pledd plog plomme pokal polka pollen ponni
    popcorn pose post potet prins pudder puma pumpe pute pære pølse rabarbra radar radio raggsokk rake
    rakett ramme rasp ravn rebus redskap regn rein reir reke rekke rekved rev ribbe ridder rim ring rip
    rips ris rist robåt rogn rolig rorkult rose rosin rotte rubin rug rustning rute ryggsekk rype rør
    sadel safir safran sag saks salat salt salve samba sand sardin sau seil sekk sekstant seler selje
    sennep sild sirkus sitron sjakk sjal sjokolade skalle skap skatt ski skilpadde skinke skje skjorte
    skjær sko skog skrin skum skute skvett sky slalåm slange slede slips slott sluse smaragd smil
    smultring smør snegle snekker snorkel snø sofa sokk sol sommer sopp spade speil spiker spill spor
    sprett spurv stabbur stafett stall stamme stang stear stein stige stjerne stol stork storm strand
    strikk strå strøm stubbe stue sukker sukkertøy sump sval svamp svane sverd svovel sykkel sylte
    sypress syre såpe søm tak tang tank tann tapet tare taske tau tennis teppe terning tidevann tiger
    time timian tind tindved ting tiur tjern tobis tog tolv tomat tonn topas topp torden tornado torsk
    tost tranebær trapp tre trekk troll trommel trompet tråd trøye tuba tulipan tunfisk tunnel turkis
    turnips tut tyttebær ugle uke ulv unge urt vaffel vaktel valnøtt vandrer vann vannmelon vante varde
    vase ved veksel veps verft vest vidde vifte vikar vimpel vind vindu vinter viol vippe vogn voks
    vulkan vår yoghurt zebra åker øks ølkasse øre ørn ørret
"""

WORDS: tuple[str, ...] = tuple(sorted(set(_WORDS.split())))
MIN_BITS = 55


def one_time_passphrase(words: int | None = None) -> str:
    """Random words joined by hyphens, enough of them for at least MIN_BITS bits."""
    count = words or math.ceil(MIN_BITS / math.log2(len(WORDS)))
    return "-".join(secrets.choice(WORDS) for _ in range(count))


def normalise(typed: str) -> str:
    """What the colleague types, read kindly: case, spaces or hyphens between the words do not matter."""
    return "-".join(typed.lower().replace("-", " ").split())
