package synthesis

// Word lists for typing names. They were written for this project from
// general knowledge (names of countries, states, cities and common given
// names are facts, not anyone's work); no third-party list is copied. All
// words are lower case; multi-word names are matched as whole phrases.

// countryNames are the world's countries and a few regions and unions
// often named in news.
const countryNames = `afghanistan|albania|algeria|andorra|angola|antigua|argentina|armenia|australia|austria|
azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|bosnia|
bosnia and herzegovina|botswana|brazil|brunei|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|
cape verde|central african republic|chad|chile|china|colombia|comoros|congo|costa rica|croatia|cuba|
cyprus|czech republic|czechia|denmark|djibouti|dominica|dominican republic|east timor|ecuador|egypt|
el salvador|equatorial guinea|eritrea|estonia|eswatini|ethiopia|fiji|finland|france|gabon|gambia|
georgia|germany|ghana|greece|grenada|guatemala|guinea|guinea-bissau|guyana|haiti|honduras|hungary|
iceland|india|indonesia|iran|iraq|ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|
kenya|kiribati|kosovo|kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|
lithuania|luxembourg|madagascar|malawi|malaysia|maldives|mali|malta|mauritania|mauritius|mexico|
micronesia|moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|burma|namibia|nauru|nepal|
netherlands|holland|new zealand|nicaragua|niger|nigeria|north korea|north macedonia|macedonia|norway|
oman|pakistan|palau|palestine|panama|papua new guinea|paraguay|peru|philippines|poland|portugal|qatar|
romania|russia|rwanda|saint lucia|samoa|san marino|saudi arabia|senegal|serbia|seychelles|
sierra leone|singapore|slovakia|slovenia|solomon islands|somalia|south africa|south korea|korea|
south sudan|spain|sri lanka|sudan|suriname|swaziland|sweden|switzerland|syria|taiwan|tajikistan|
tanzania|thailand|togo|tonga|trinidad|trinidad and tobago|tunisia|turkey|turkmenistan|tuvalu|uganda|
ukraine|united arab emirates|uae|united kingdom|uk|britain|great britain|england|scotland|wales|
northern ireland|united states|united states of america|usa|us|america|uruguay|uzbekistan|vanuatu|
vatican|venezuela|vietnam|yemen|zambia|zimbabwe|tibet|gaza|gaza strip|west bank|kashmir|chechnya|
crimea|kurdistan|puerto rico|greenland|hong kong|macau|europe|asia|africa|north america|
south america|latin america|middle east|antarctica|arctic|balkans|caribbean|scandinavia|siberia|
persian gulf|gulf|mediterranean|pacific|atlantic|west africa|east africa|central asia|southeast asia|
soviet union|yugoslavia|czechoslovakia`

// usStates are the states of the United States, with their postal and
// newspaper abbreviations (written without full stops) as aliases.
const usStates = `alabama=ala,al|alaska=ak|arizona=ariz,az|arkansas=ark,ar|california=calif,cal,ca|
colorado=colo,co|connecticut=conn,ct|delaware=del,de|florida=fla,fl|georgia=ga|hawaii=hi|idaho=id|
illinois=ill,il|indiana=ind,in|iowa=ia|kansas=kan,kans,ks|kentucky=ky|louisiana=la|maine=me|
maryland=md|massachusetts=mass,ma|michigan=mich,mi|minnesota=minn,mn|mississippi=miss,ms|
missouri=mo|montana=mont,mt|nebraska=neb,nebr,ne|nevada=nev,nv|new hampshire=nh|new jersey=nj|
new mexico=nm|new york=ny|north carolina=nc|north dakota=nd|ohio=oh|oklahoma=okla,ok|oregon=ore,or|
pennsylvania=pa|rhode island=ri|south carolina=sc|south dakota=sd|tennessee=tenn,tn|texas=tex,tx|
utah=ut|vermont=vt|virginia=va|washington=wash,wa|west virginia=wva,wv|wisconsin=wis,wisc,wi|
wyoming=wyo,wy|district of columbia=dc`

// cityNames are large and well-known cities of the world and of the United
// States, capitals, and provinces and regions often named in news.
const cityNames = `new york city|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|
san jose|austin|jacksonville|fort worth|columbus|charlotte|san francisco|indianapolis|seattle|
denver|washington|boston|el paso|nashville|detroit|oklahoma city|portland|las vegas|memphis|
louisville|baltimore|milwaukee|albuquerque|tucson|fresno|mesa|sacramento|atlanta|kansas city|
colorado springs|omaha|raleigh|miami|long beach|virginia beach|oakland|minneapolis|tulsa|tampa|
arlington|new orleans|wichita|cleveland|bakersfield|aurora|anaheim|honolulu|santa ana|riverside|
corpus christi|lexington|henderson|stockton|saint paul|st paul|cincinnati|st louis|saint louis|
pittsburgh|greensboro|lincoln|anchorage|plano|orlando|irvine|newark|durham|chula vista|toledo|
fort wayne|st petersburg|laredo|jersey city|chandler|madison|lubbock|scottsdale|reno|buffalo|
gilbert|glendale|north las vegas|winston-salem|chesapeake|norfolk|fremont|garland|irving|hialeah|
richmond|boise|spokane|baton rouge|tacoma|san bernardino|modesto|fontana|des moines|moreno valley|
santa clarita|fayetteville|birmingham|oxnard|rochester|port st lucie|grand rapids|huntsville|
salt lake city|frisco|yonkers|amarillo|montgomery|akron|little rock|augusta|shreveport|mobile|
knoxville|worcester|providence|chattanooga|fort lauderdale|tallahassee|savannah|jackson|springfield|
dayton|syracuse|hartford|new haven|bridgeport|charleston|columbia|greenville|flint|lansing|
ann arbor|gary|macon|waco|beaumont|galveston|odessa|midland|topeka|peoria|rockford|joliet|champaign|
evansville|south bend|albany|trenton|camden|paterson|allentown|erie|scranton|harrisburg|wilmington|
dover|annapolis|norwalk|stamford|burlington|concord|manchester|portland|bangor|toledo|youngstown|
canton|gainesville|pensacola|daytona beach|west palm beach|palm beach|boca raton|hollywood|
pompano beach|clearwater|sarasota|lakeland|ocala|sanford|kissimmee|brooklyn|queens|bronx|manhattan|
staten island|harlem|compton|inglewood|pasadena|long island|hoboken|cambridge|salem|eugene|tacoma|
olympia|juneau|fairbanks|honolulu|santa fe|cheyenne|billings|bismarck|fargo|sioux falls|pierre|
helena|montpelier|augusta|frankfort|nashville|jackson|baton rouge|little rock|oklahoma city|austin|
tallahassee|atlanta|columbia|raleigh|richmond|charleston|annapolis|dover|trenton|harrisburg|london|
paris|berlin|madrid|rome|moscow|beijing|tokyo|seoul|delhi|new delhi|mumbai|bombay|kolkata|calcutta|
chennai|bangalore|karachi|lahore|islamabad|kabul|tehran|baghdad|damascus|beirut|amman|jerusalem|
tel aviv|cairo|riyadh|jeddah|mecca|medina|dubai|abu dhabi|doha|kuwait city|muscat|sanaa|ankara|
istanbul|athens|vienna|prague|budapest|warsaw|kiev|kyiv|minsk|bucharest|sofia|belgrade|zagreb|
sarajevo|tirana|lisbon|dublin|edinburgh|glasgow|belfast|cardiff|amsterdam|brussels|geneva|zurich|
bern|stockholm|oslo|copenhagen|helsinki|reykjavik|riga|vilnius|tallinn|st petersburg|milan|naples|
venice|florence|barcelona|seville|valencia|marseille|lyon|nice|munich|hamburg|frankfurt|cologne|
stuttgart|toronto|montreal|vancouver|ottawa|calgary|edmonton|winnipeg|quebec|mexico city|
guadalajara|monterrey|havana|bogota|caracas|lima|quito|santiago|buenos aires|montevideo|sao paulo|
rio de janeiro|rio|brasilia|la paz|sydney|melbourne|brisbane|perth|auckland|wellington|singapore|
bangkok|hanoi|ho chi minh city|saigon|manila|jakarta|kuala lumpur|phnom penh|yangon|rangoon|dhaka|
colombo|kathmandu|shanghai|hong kong|guangzhou|shenzhen|taipei|pyongyang|osaka|kyoto|nairobi|lagos|
abuja|johannesburg|cape town|pretoria|addis ababa|khartoum|tripoli|tunis|algiers|rabat|casablanca|
mogadishu|kampala|kinshasa|harare|dakar|accra|aleppo|homs|hama|mosul|basra|kirkuk|fallujah|ramadi|
tikrit|raqqa|idlib|latakia|benghazi|sirte|kandahar|herat|peshawar|quetta|gaza city|ramallah|hebron|
haifa|nablus|sidney|ontario|quebec|british columbia|alberta|manitoba|saskatchewan|nova scotia|
bavaria|catalonia|lombardy|sicily|sardinia|corsica|normandy|brittany|kent|surrey|essex|yorkshire|
lancashire|cornwall|devon|sussex|punjab|bengal|kerala|kashmir|sindh|xinjiang|guangdong|okinawa|
hokkaido|mindanao|java|sumatra|bali|borneo|tasmania|queensland|victoria|new south wales|penang|
johor|sabah|sarawak|darfur|anbar|sinai|golan|kurdistan|silicon valley|wall street|hollywood|
broadway`

// givenNames are common given names (of the United States and of the
// countries most often in the news); a two- or three-word name that starts
// with one is taken for a person.
const givenNames = `aaron|abdul|abdullah|abe|abigail|adam|adrian|adriana|ahmad|ahmed|aidan|aisha|al|alan|albert|alberto|
alejandro|alex|alexander|alexandra|alexis|alfred|alfredo|ali|alice|alicia|alison|allen|allison|alma|
alvin|amanda|amber|amir|amy|ana|andre|andrea|andreas|andres|andrew|andy|angel|angela|angelo|anita|
ann|anna|anne|annie|anthony|antonio|april|arnold|arthur|ashley|audrey|austin|barack|barbara|barry|
beatriz|ben|benjamin|bernard|bernie|beth|betty|beverly|bill|billy|blake|bob|bobby|bonnie|boris|brad|
bradley|brandon|brenda|brent|brett|brian|bridget|brittany|brooke|bruce|bryan|byron|caden|caleb|
calvin|cameron|carl|carla|carlos|carmen|carol|caroline|carolyn|carrie|carroll|casey|catherine|cathy|
cecilia|chad|charles|charlie|charlotte|chelsea|cheryl|chris|christian|christina|christine|
christopher|chuck|cindy|claire|clara|clarence|claude|claudia|clifford|clint|clyde|cody|colin|connie|
connor|courtney|craig|crystal|curtis|cynthia|dale|dan|dana|daniel|danielle|danny|darius|darnell|
darren|darryl|dave|david|dawn|dean|deanna|debbie|deborah|debra|denise|dennis|derek|derrick|devin|
diana|diane|dimitri|dolores|dominic|don|donald|donna|doris|dorothy|doug|douglas|duane|dustin|dwayne|
dwight|earl|ed|eddie|edgar|eduardo|edward|edwin|eileen|elaine|elena|eli|elijah|elizabeth|ellen|
emily|emma|enrique|eric|erica|erik|erin|ernest|esteban|ethan|eugene|evan|evelyn|ezra|fatima|felix|
fernando|florence|floyd|frances|francesco|francis|francisco|frank|franklin|fred|freddie|frederick|
gabriel|gail|gary|gene|george|georgia|gerald|gilbert|gina|giovanni|giuseppe|glen|glenn|gloria|
gordon|grace|greg|gregory|gustavo|hamid|hannah|hans|harold|harry|harvey|hassan|hayden|heather|
hector|heidi|helen|henry|herbert|herman|hillary|holly|howard|hugh|hugo|hussein|ian|ibrahim|igor|
irene|isaac|isabel|ivan|jack|jackie|jacob|jacqueline|jaime|jake|jamal|james|jamie|jan|jane|janet|
janice|jared|jason|javier|jay|jean|jeanne|jeff|jeffrey|jennifer|jenny|jeremy|jerome|jerry|jesse|
jessica|jesus|jill|jillian|jim|jimmy|jo|joan|joann|joanne|joe|joel|johan|john|johnny|jon|jonathan|
jordan|jorge|jose|joseph|josh|joshua|joy|joyce|juan|juanita|judith|judy|julia|julian|julie|julio|
justin|karen|karl|kate|katherine|kathleen|kathryn|kathy|katie|keith|kelly|ken|kenneth|kenny|kevin|
khalid|kim|kimberly|kirk|kristen|kurt|kyle|lance|larry|laura|lauren|laurie|lawrence|lee|leland|lena|
leo|leon|leonard|leroy|leslie|lester|lewis|linda|lindsay|lindsey|lisa|lloyd|lois|lonnie|lori|
lorraine|louis|louise|lucas|lucia|lucy|luis|luke|lydia|lynn|mahmoud|malcolm|manuel|marc|marcel|
marco|marcus|margaret|maria|marian|marie|mario|marion|marjorie|mark|marlene|marsha|marshall|martha|
martin|marvin|mary|mason|matt|matthew|maureen|maurice|max|megan|melanie|melissa|melvin|michael|
michele|michelle|miguel|mike|mildred|miranda|mitch|mitchell|mohamed|mohammad|mohammed|monica|morgan|
muhammad|mustafa|nancy|naomi|nathan|nathaniel|neil|nelson|nicholas|nick|nicole|nikolai|noah|norma|
norman|olga|olivia|omar|oscar|owen|pablo|pamela|pat|patricia|patrick|patty|paul|paula|pauline|pedro|
peggy|penny|peter|phil|philip|phillip|phyllis|pierre|rachel|rafael|ralph|ramon|randall|randy|ray|
raymond|rebecca|regina|reginald|renee|rhonda|ricardo|richard|rick|ricky|rita|rob|robert|roberta|
roberto|robin|rodney|roger|roland|ron|ronald|ronnie|rosa|rose|rosemary|ross|roy|ruby|russell|ruth|
ryan|salvador|sam|samantha|samuel|sandra|sandy|sara|sarah|scott|sean|sergei|sergio|seth|shane|
shannon|sharon|shawn|sheila|shelby|shelly|sherry|shirley|sidney|simon|sofia|sonia|sophia|stacy|
stanley|stephanie|stephen|steve|steven|stuart|sue|susan|suzanne|sven|sylvia|tamara|tammy|tanya|tara|
ted|teresa|terrence|terri|terry|theodore|theresa|thomas|tiffany|tim|timothy|tina|todd|tom|tommy|
tony|tonya|tracy|travis|trent|troy|tyler|tyrone|valerie|vanessa|vernon|veronica|vicki|victor|
victoria|vincent|virginia|vladimir|walter|wanda|warren|wayne|wendy|wesley|willard|william|willie|
wilma|xavier|yolanda|yousef|yusuf|yvonne|zachary|zoe|dave|mitchell|benny|rudy|rudolph|dmitry|
vladimir|bashar|hafez|hosni|recep|tayyip|nicolas|emmanuel|angela|theresa|boris|xi|shinzo|narendra|
imran|benjamin|ehud|ariel|yitzhak|mahmoud|hamad|salman|kofi|nelson|jacob|cyril|robert|kim|moon|
donald|hillary|joe|kamala|mitt|newt|nancy|chuck|rand|ted|marco|jeb|ben|bernie`

// personSurnames are family names of people so often in the news that a
// bare mention means the person.
const personSurnames = `assad|obama|clinton|trump|bush|putin|merkel|netanyahu|erdogan|khamenei|rouhani|mubarak|gaddafi|
qaddafi|saddam|blair|cameron|sarkozy|hollande|macron|yeltsin|gorbachev|arafat|abbas|mandela|castro|
chavez|maduro|modi|musharraf|sharif|karzai|suharto|milosevic|kohl|chirac|schroeder|berlusconi|biden|
pelosi|reagan|carter|nixon|kennedy|lincoln|gingrich|kim jong un|kim jong il`
