La Casa Blanca informó este lunes de que el presidente Daniel Whitford viajará la próxima semana a Ciudad de México para tratar asuntos de comercio, migración y seguridad con su homólogo mexicano, en su primer viaje al extranjero desde que asumió el cargo en enero.
El Senado aprobó el proyecto de ley por 58 votos a favor y 41 en contra.
«No aceptaremos un acuerdo que perjudique a los trabajadores estadounidenses», dijo a los periodistas la senadora Margaret Holloway.
El presidente firmó la orden ejecutiva a las 11.00 horas en el Despacho Oval.
La portavoz de la Casa Blanca, Rachel Okafor, declinó comentar la información.
Se espera que la Cámara de Representantes vote el paquete de gasto el jueves.
El paquete incluye 1.500 millones de dólares para la seguridad fronteriza y 300 millones para ayuda ante desastres.
Whitford, demócrata, ha convertido el gasto en infraestructuras en una prioridad de su Gobierno.
Los líderes republicanos acusaron al Gobierno de malgastar el dinero de los contribuyentes.
La votación se aplazó hasta abril.
Según una encuesta publicada este domingo, el 47 % de los votantes aprueba la gestión del presidente.
El sondeo, realizado a 1.200 adultos, tiene un margen de error de 3 puntos porcentuales.
La secretaria de Estado, Helen Marchetti, se reunió este martes en Ginebra con su homólogo chino.
Los dos diplomáticos conversaron durante casi tres horas, según el Departamento de Estado.
«Fue una conversación franca y útil», afirmó Marchetti tras la reunión.
El Gobierno de EE.UU. anunció nuevas sanciones contra 14 funcionarios acusados de corrupción.
El Departamento del Tesoro indicó que se congelarán los bienes de los sancionados en Estados Unidos.
El gobernador de Texas, Ray Caldwell, aseguró que el estado recurrirá la nueva norma ante los tribunales.
El senador Thomas Breyer anunció este miércoles que no buscará la reelección en noviembre.
El Partido Demócrata tiene una estrecha mayoría de 51 escaños en el Senado, que cuenta con 100 miembros.
El exvicepresidente calificó la decisión de «un grave error».
El Congreso tiene hasta la medianoche del viernes para aprobar el presupuesto y evitar un cierre del Gobierno.
Unos 800.000 empleados federales podrían quedarse sin sueldo si no se alcanza un acuerdo.
El presidente pronunciará un discurso a la nación el martes a las 21.00 horas.
El general Robert Haines, jefe del Comando Sur de EE.UU., visitó esta semana Colombia y Panamá.
El Pentágono confirmó que 2.500 soldados permanecerán en la región hasta final de año.
La alcaldesa de Chicago, Linda Ferraro, pidió calma tras dos noches de protestas.
La Policía informó de que 37 personas fueron detenidas y seis agentes resultaron heridos leves.
El Departamento de Justicia abrió una investigación sobre el incidente.
La Casa Blanca no respondió a una solicitud de comentarios.
La presidenta del Gobierno español, Elena Castañar, anunció este viernes un paquete de medidas valorado en 3.000 millones de euros para ayudar a las familias.
Las medidas se aprobarán en el Consejo de Ministros el próximo martes.
El líder de la oposición, Jorge Villalba, afirmó que el plan es «demasiado poco y demasiado tarde».
El Congreso de los Diputados debatirá el miércoles la reforma del sistema de pensiones.
El Gobierno necesita el apoyo de al menos 176 diputados para sacar adelante la ley.
El Ministerio de Asuntos Exteriores de España convocó al embajador para que diera explicaciones por las declaraciones.
El ministro de Asuntos Exteriores, Alberto Ruano, aseguró que las relaciones entre los dos países son «sólidas».
El rey de España abrió este lunes en Madrid el nuevo periodo de sesiones del Parlamento.
El Gobierno andaluz celebrará elecciones anticipadas el 14 de junio.
La ministra del Interior, Carmen Oliveras, presentó en Madrid el balance anual de criminalidad.
La criminalidad descendió un 4,2 % el año pasado, según las cifras del ministerio.
Los partidos socialista y conservador no lograron un acuerdo para renovar el órgano de gobierno de los jueces.
Miles de personas marcharon el sábado por el centro de Barcelona para reclamar una vivienda asequible.
Los organizadores cifraron en 150.000 el número de manifestantes, mientras que la Policía lo estimó en 40.000.
El alquiler medio en Madrid ha subido un 11 % en los últimos doce meses.
El Gobierno español aprobó un decreto para limitar la subida de los alquileres al 3 % anual.
«La vivienda es un derecho, no un lujo», dijo la ministra en una rueda de prensa.
La portavoz del partido conservador, Lucía Ferrán, acusó al Gobierno de «improvisar».
El Tribunal Supremo de España se pronunciará sobre el caso antes de que acabe el mes.
La presidenta del Gobierno viajará el jueves a Bruselas para asistir a una cumbre del Consejo Europeo.
Se espera que los líderes europeos debatan sobre migración, defensa y precios de la energía.
La Comisión Europea propuso un fondo de 20.000 millones de euros para apoyar la industria de defensa.
El Ministerio de Asuntos Exteriores español indicó que no hay ciudadanos españoles entre las víctimas.
La embajada en Lima ha habilitado un teléfono de emergencia para los ciudadanos españoles.
La participación en las elecciones autonómicas gallegas alcanzó el 62 %, cuatro puntos más que en los anteriores comicios.
La economía de EE.UU. creció a un ritmo anual del 2,8 % en el tercer trimestre, informó este jueves el Departamento de Comercio.
La Reserva Federal mantuvo sin cambios los tipos de interés en su reunión del miércoles.
El presidente de la Fed, Walter Brandt, afirmó que la inflación «avanza en la dirección correcta».
La inflación interanual en Estados Unidos bajó al 3,1 % en octubre.
La tasa de desempleo subió una décima, hasta el 4 %.
La economía generó 210.000 empleos el mes pasado, más de lo que esperaban los analistas.
El índice Dow Jones cerró el viernes con una subida del 1,2 %, mientras que el Nasdaq ganó un 1,7 %.
Wall Street abrió este lunes a la baja tras la publicación de datos débiles procedentes de China.
El precio del barril de crudo Brent subió hasta los 86,40 dólares en Londres.
El euro se cambiaba a 1,08 dólares a las 17.00 horas en Madrid.
El Ibex 35, principal indicador de la Bolsa de Madrid, cayó un 0,6 %, hasta los 11.240 puntos.
El paro en España bajó en 48.000 personas en mayo, según el Ministerio de Trabajo.
La Seguridad Social registró 21,3 millones de afiliados, un máximo histórico.
El Banco de España elevó su previsión de crecimiento para este año al 2,4 %.
El Fondo Monetario Internacional advirtió de que el crecimiento mundial se desacelerará hasta el 2,9 % el próximo año.
«Los riesgos siguen inclinados a la baja», afirmó la economista jefe del FMI, Anika Sorensen.
El banco central de México recortó un cuarto de punto su tasa de interés de referencia, hasta el 10,75 %.
La inflación interanual de Argentina superó el 200 % por primera vez en tres décadas.
El peso argentino perdió un 22 % de su valor frente al dólar en un solo día.
Las exportaciones brasileñas de soja alcanzaron el año pasado la cifra récord de 102 millones de toneladas.
El fabricante de automóviles anunció que invertirá 4.200 millones de dólares en una nueva planta en el norte de México.
Se prevé que la planta cree unos 5.000 empleos directos hasta 2028.
El beneficio neto de la compañía aumentó un 18 % en el primer semestre, hasta 1.200 millones de euros.
Las acciones del banco cayeron más de un 9 % tras la publicación de los resultados.
La aerolínea suprimirá 1.800 puestos de trabajo en el marco de un plan de reestructuración.
Los sindicatos convocaron una huelga de 24 horas para el próximo lunes.
El precio de la electricidad en España bajará un 15 % el domingo gracias a la fuerte producción eólica.
Los ingresos por turismo en España alcanzaron los 108.000 millones de euros el año pasado.
España recibió 85 millones de turistas internacionales, un 10 % más que el año anterior.
El déficit comercial de EE.UU. se amplió hasta los 73.500 millones de dólares en agosto.
Washington y Pekín acordaron reanudar las negociaciones comerciales en las próximas semanas.
Los nuevos aranceles del 25 % a las importaciones de acero entrarán en vigor el 1 de marzo.
La producción de cobre de Chile cayó un 3 % debido a problemas en sus mayores minas.
El Banco Mundial aprobó un préstamo de 500 millones de dólares a Ecuador para respaldar programas sociales.
El ministro de Hacienda de Colombia, Andrés Quiroga, aseguró que el país cumplirá sus metas fiscales.
El huracán Delia se intensificó este martes a categoría 4 mientras se acercaba a la costa de Florida.
La tormenta tenía vientos máximos sostenidos de 140 millas por hora (225 kilómetros por hora), según el Centro Nacional de Huracanes.
A las 17.00 hora local, el centro del huracán se encontraba a 180 millas (290 kilómetros) al sureste de Miami.
Las autoridades ordenaron la evacuación de unas 650.000 personas de las zonas costeras de los condados de Lee, Collier y Charlotte, y abrieron 45 refugios en escuelas e iglesias para quienes no tienen adónde ir.
«Es una tormenta peligrosa y deben marcharse ya», advirtió el gobernador.
Más de 1,2 millones de hogares y negocios se quedaron sin electricidad.
El huracán tocó tierra cerca de la ciudad de Fort Myers poco después de las 3.00 horas del miércoles.
Al menos 12 personas murieron a causa de la tormenta, según un recuento provisional.
El fenómeno se debilitó a tormenta tropical a medida que avanzaba hacia el interior.
La temporada de huracanes del Atlántico se extiende del 1 de junio al 30 de noviembre.
Los meteorólogos prevén entre 17 y 21 tormentas con nombre este año.
La tormenta tropical Hugo se formó en el mar Caribe y se dirige hacia Honduras y Nicaragua.
Las fuertes lluvias provocaron inundaciones y deslizamientos de tierra en varias regiones de Guatemala.
Unas 30.000 personas han sido trasladadas a albergues, según la agencia de protección civil.
La Agencia Estatal de Meteorología (Aemet) activó la alerta roja por calor extremo en Sevilla y Córdoba.
Se espera que las temperaturas alcancen los 44 grados centígrados el jueves por la tarde.
Julio fue el mes más caluroso jamás registrado en España, con una temperatura media de 26,8 grados.
Un incendio forestal ha calcinado más de 4.000 hectáreas en la provincia de Valencia.
Unos 400 bomberos y 18 medios aéreos trabajan para controlar las llamas.
Las lluvias torrenciales dejaron 150 litros por metro cuadrado en menos de seis horas.
La nieve obligó a cerrar 40 carreteras en el norte de la península.
Un terremoto de magnitud 6,4 sacudió el domingo el sur de Perú, sin que se informara de víctimas de inmediato.
El sismo se produjo a las 2.15 horas a una profundidad de 35 kilómetros, informó el Instituto Geofísico.
La sequía ha reducido el nivel de los embalses de Cataluña al 16 % de su capacidad.
El Gobierno regional aprobó restricciones de agua para 6 millones de habitantes.
El huracán Delia causó daños estimados en 18.000 millones de dólares, según las aseguradoras.
El presidente Whitford declaró el estado de emergencia en cinco condados y aprobó ayuda federal.
La Agencia Federal para la Gestión de Emergencias (FEMA) envió a 3.000 trabajadores a la zona afectada.
El volcán entró de nuevo en erupción el viernes, lo que obligó a cerrar el aeropuerto de Ciudad de Guatemala.
Los meteorólogos advirtieron de que la ola de frío podría prolongarse hasta el fin de semana.
Las temperaturas bajaron durante la noche hasta los 12 grados bajo cero en los Pirineos.
Se prevé que el fenómeno conocido como El Niño traiga fuertes lluvias a la costa de Ecuador y Perú.
El tornado destruyó decenas de viviendas en una zona rural de Oklahoma.
Tres personas siguen desaparecidas.
Se espera que la tormenta descargue hasta 10 pulgadas (25 centímetros) de lluvia en partes de Luisiana.
Las autoridades fronterizas de EE.UU. detuvieron a 189.000 migrantes en la frontera con México en marzo.
La cifra supone un descenso del 14 % respecto al mes anterior.
La mayoría de los migrantes procedía de Venezuela, Guatemala, Honduras y Ecuador.
Una caravana de unos 3.000 migrantes partió el sábado de la ciudad de Tapachula, en el sur de México.
«Huimos de la violencia y del hambre», dijo Marisol Ávila, una hondureña madre de tres hijos.
El Gobierno mexicano ofreció visados humanitarios a los integrantes de la caravana.
Salvamento Marítimo rescató a 57 personas de una embarcación frente a la costa de Lanzarote.
Entre los rescatados había 11 mujeres y cuatro menores.
Las llegadas irregulares a Canarias aumentaron un 30 % en los seis primeros meses del año.
El Ministerio del Interior indicó que 24.600 migrantes han llegado a las costas españolas en lo que va de año.
El presidente de Canarias pidió más apoyo a Madrid y Bruselas.
Al menos 40 migrantes murieron al naufragar su embarcación en el Mediterráneo, según la ONU.
La Organización Internacional para las Migraciones calificó la tragedia de «totalmente evitable».
Más de 7,7 millones de venezolanos han abandonado su país en la última década.
Colombia acoge a unos 2,8 millones de migrantes venezolanos, más que ningún otro país.
La selva del Darién, entre Colombia y Panamá, fue atravesada por 520.000 personas el año pasado.
Las autoridades panameñas señalaron que el 20 % de quienes la cruzaron eran niños.
Un juez federal de California bloqueó este martes la nueva norma de asilo.
La norma habría impedido solicitar asilo a los migrantes que cruzaran la frontera de forma irregular.
El Departamento de Seguridad Nacional anunció que recurrirá la decisión.
Las remesas enviadas a México alcanzaron la cifra récord de 63.000 millones de dólares el año pasado.
Las remesas representan casi el 27 % del producto interior bruto de Honduras.
El vuelo de deportación aterrizó en San Salvador a las 10.30 horas con 132 salvadoreños a bordo.
La Unión Europea alcanzó un acuerdo sobre el nuevo pacto de migración y asilo.
Las ONG criticaron el acuerdo, que según ellas debilitará los derechos de los solicitantes de asilo.
España concedió protección internacional al 12 % de los solicitantes el año pasado.
El número de solicitudes de asilo en España superó por primera vez las 160.000.
La Guardia Nacional de México interceptó un camión que transportaba a 214 migrantes en el estado de Veracruz.
Los migrantes viajaban hacinados en el remolque sin agua ni ventilación.
«Nadie debería tener que arriesgar su vida para encontrar un futuro», dijo el obispo durante la misa.
Los votantes de Chile acudirán a las urnas el domingo para elegir a un nuevo presidente.
Los colegios electorales abrirán a las 8.00 y cerrarán a las 18.00 hora local.
Unos 15 millones de chilenos están habilitados para votar en los comicios.
La candidata de la coalición de centroizquierda, Valentina Rojas, lidera las encuestas con el 34 % de la intención de voto.
Su principal rival, el empresario conservador Ignacio Montalva, obtiene un 29 %.
Si ningún candidato obtiene más del 50 % de los votos, se celebrará una segunda vuelta el 17 de diciembre.
Con el 98 % de las papeletas escrutadas, Rojas obtenía el 52,3 % de los votos.
«Hoy ha ganado la democracia», dijo Rojas ante miles de simpatizantes en Santiago.
Su rival reconoció la derrota poco antes de la medianoche.
La autoridad electoral informó de que la participación alcanzó el 84 %, un récord para unas elecciones presidenciales.
El Instituto Nacional Electoral de México realizará un conteo rápido la noche de las elecciones.
El partido gobernante ganó en 21 de los 32 estados en las elecciones locales.
Los observadores internacionales de la Organización de los Estados Americanos afirmaron que la votación fue pacífica.
La oposición denunció irregularidades en más de 2.000 mesas electorales.
El tribunal electoral tiene 15 días para resolver las impugnaciones.
En Estados Unidos, el voto anticipado comenzó este martes en Georgia y Carolina del Norte.
Más de 40 millones de estadounidenses ya han votado por correo o en persona.
El candidato republicano, el exgobernador Steven Mallory, celebró un mitin en Phoenix el sábado por la noche.
«En estas elecciones se decide el futuro de su familia», dijo Mallory a la multitud.
El debate presidencial se retransmitirá a las 21.00 hora del Este.
Ambas campañas han gastado más de 2.000 millones de dólares en publicidad televisiva.
El voto latino podría ser decisivo en estados como Arizona y Nevada.
Unos 36 millones de latinos pueden votar este año, según estimaciones de organizaciones latinas.
Los colombianos eligieron el domingo nuevos alcaldes y gobernadores en las elecciones locales.
El candidato independiente ganó la Alcaldía de Bogotá con el 49 % de los votos.
España celebrará elecciones generales el 8 de octubre, anunció la presidenta del Gobierno.
La campaña oficial comenzará a medianoche del 22 de septiembre.
Según la última encuesta, los conservadores obtendrían 138 escaños y los socialistas, 121.
No se espera que ningún partido obtenga la mayoría absoluta en la cámara de 350 escaños.
Los españoles residentes en el extranjero deben solicitar su voto antes del 9 de septiembre.
El Real Madrid venció el sábado 3-1 al Sevilla y amplió a cinco puntos su ventaja en lo más alto de la liga española.
El delantero brasileño marcó dos goles en la primera parte.
«Jugamos con mucha intensidad y merecimos la victoria», dijo el entrenador.
El Barcelona empató 1-1 en casa ante el Valencia delante de 78.000 espectadores.
La selección española se enfrentará a Italia en las semifinales el miércoles a las 21.00 horas.
Argentina se clasificó para el Mundial tras derrotar 2-0 a Uruguay en Buenos Aires.
El seleccionador de México, Héctor Barrientos, convocó a 26 jugadores para el torneo.
El tenista español Pablo Arregui ganó el Abierto de Madrid tras vencer al alemán Lukas Reinhardt por 6-4, 3-6 y 7-5.
Fue el tercer título de la temporada para el joven de 22 años.
La final duró tres horas y 12 minutos.
El boxeador mexicano retuvo su título mundial por decisión unánime en Las Vegas.
Los Yankees de Nueva York derrotaron el domingo por la noche 5-3 a los Medias Rojas de Boston.
El lanzador dominicano ponchó a 11 bateadores en siete entradas.
Los Lakers de Los Ángeles firmaron con el base un contrato de cuatro años por 120 millones de dólares.
El ciclista español Iker Azpeitia ganó la decimocuarta etapa del Tour de Francia.
La etapa recorrió 182 kilómetros entre Pau y la cima del Tourmalet.
El corredor colombiano conservó el maillot amarillo con una ventaja de 48 segundos.
Los Juegos Olímpicos se celebrarán en Los Ángeles en 2028.
España ganó 17 medallas en los últimos Juegos Olímpicos, cuatro de ellas de oro.
La atleta venezolana batió el récord mundial de triple salto con un brinco de 15,81 metros.
La Federación Española de Fútbol multó al club con 45.000 euros por el comportamiento de sus aficionados.
El delantero estará de baja seis semanas por una lesión muscular en la pierna izquierda.
El partido estuvo suspendido durante 20 minutos por insultos racistas desde la grada.
«El racismo no tiene cabida en el fútbol», afirmó el presidente de la liga.
El club pagó 80 millones de euros por el joven centrocampista.
El golfista puertorriqueño terminó la última ronda con 66 golpes, cuatro bajo par.
El maratón comenzará el domingo a las 8.30 horas y hay más de 40.000 corredores inscritos.
El corredor keniano ganó la carrera con un tiempo de dos horas, cuatro minutos y 18 segundos.
La selección española femenina ganó el Campeonato de Europa de baloncesto por tercera vez.
El marcador final fue de 72-68 tras un dramático último cuarto.
El piloto de Fórmula 1 salió desde la primera posición y lideró la carrera de principio a fin.
El piloto mexicano terminó tercero en el Gran Premio de Mónaco.
El entrenador fue destituido este lunes tras cinco derrotas consecutivas.
El club anunció que su sustituto será presentado el miércoles a mediodía.
La final de la Copa Libertadores se disputará el 25 de noviembre en Montevideo.
La Organización Mundial de la Salud declaró este viernes el fin de la emergencia de salud pública.
Las autoridades sanitarias confirmaron 2.340 nuevos casos de dengue en la última semana.
Brasil ha registrado más de 1,6 millones de casos de dengue en lo que va de año.
El Ministerio de Sanidad lanzó una campaña de vacunación dirigida a los menores de cinco años.
La vacuna contra la gripe estará disponible en las farmacias a partir del 1 de octubre.
Los hospitales de Madrid registraron un aumento del 25 % de las visitas a urgencias durante la ola de calor.
Los médicos de los hospitales públicos se declararon en huelga para exigir mejores condiciones laborales.
El tiempo medio de espera para una operación quirúrgica en España es de 121 días, según datos oficiales.
La Administración de Alimentos y Medicamentos (FDA) aprobó un nuevo fármaco para tratar el alzhéimer.
El tratamiento costará unos 26.000 dólares al año por paciente.
«Es un paso importante, pero no es una cura», afirmó la doctora Emily Navarro, neuróloga en Boston.
Un estudio publicado este miércoles concluyó que uno de cada cuatro adultos no realiza suficiente actividad física.
Las tasas de obesidad infantil se han duplicado en las tres últimas décadas.
El brote de sarampión ha afectado a 87 personas en tres estados, según los Centros para el Control y la Prevención de Enfermedades.
La mayoría de los contagiados no estaban vacunados.
La ministra de Sanidad de España, Isabel Moreno Tejada, anunció 1.000 millones de euros para reforzar la atención primaria.
El tabaco causa más de 50.000 muertes al año en España.
El Gobierno subirá los impuestos sobre el tabaco y las bebidas azucaradas a partir de enero.
Los problemas de salud mental entre los jóvenes aumentaron notablemente tras la pandemia.
La línea de atención para la prevención del suicidio recibió 120.000 llamadas en su primer año.
Investigadores de una universidad de Barcelona desarrollaron un análisis de sangre que detecta el cáncer de páncreas en una fase temprana.
La prueba acertó en el 91 % de los casos en un ensayo con 600 pacientes.
Los casos de cólera han aumentado en Haití por la falta de agua potable.
La Organización Panamericana de la Salud envió 2 millones de dosis de vacunas a la región.
La esperanza de vida en España alcanzó los 83,4 años, una de las más altas del mundo.
El hospital realizó su primer trasplante de cara a un hombre de 43 años.
España lidera la donación de órganos en el mundo desde hace más de 30 años consecutivos.
Las autoridades sanitarias instaron a la población a beber agua y a evitar salir a la calle entre las 12.00 y las 18.00 horas.
El precio de la insulina tendrá un tope de 35 dólares al mes para los pacientes con seguro.
«Nadie debería tener que elegir entre medicinas y comida», dijo el presidente.
Un jurado federal de Nueva York declaró este jueves culpable de fraude al exbanquero.
El juez fijó la lectura de la sentencia para el 12 de marzo.
Se enfrenta a una pena de hasta 20 años de prisión.
El Tribunal Supremo aceptó este lunes estudiar un caso sobre el derecho al voto.
Los magistrados escucharán los argumentos orales en enero y emitirán un fallo antes de julio.
La Audiencia Nacional condenó al exalcalde a seis años de prisión por malversación.
El tribunal también le ordenó devolver 2,3 millones de euros al ayuntamiento.
La defensa anunció que recurrirá la sentencia ante el Tribunal Supremo.
La Fiscalía había pedido una condena de nueve años.
Un juez de Buenos Aires ordenó la detención de cuatro exfuncionarios en una causa por corrupción.
Los exfuncionarios están acusados de desviar 45 millones de dólares de contratos de obra pública.
«Por fin ha llegado la justicia», afirmó la abogada de las familias de las víctimas, Sofía Paredes.
El juicio contra el expresidente peruano Raúl Benavente comenzó este lunes en Lima.
Benavente está acusado de recibir sobornos por valor de 3 millones de dólares de una constructora.
El expresidente negó todos los cargos.
La Corte Constitucional de Colombia tumbó la ley por seis votos contra tres.
El juez dejó en libertad al sospechoso bajo una fianza de 250.000 dólares.
El agente de policía fue acusado de homicidio en segundo grado.
El jurado deliberó durante dos días antes de llegar a un veredicto.
Un tribunal de Madrid absolvió al cantante del delito de fraude fiscal.
La Corte Interamericana de Derechos Humanos ordenó al Estado indemnizar a las víctimas.
La empresa aceptó pagar 1.100 millones de dólares para cerrar la demanda.
El fiscal general, Marcus Delaney, afirmó que el acuerdo es «una victoria para los consumidores».
Un juez de Texas bloqueó temporalmente la entrada en vigor de la ley.
Según la Fiscalía, la red blanqueó más de 300 millones de euros entre 2018 y 2023.
La Policía detuvo a 23 personas en redadas en Madrid, Málaga y Marbella.
El juez instructor ha decretado el secreto de las actuaciones.
La Suprema Corte de México dictaminó que el decreto era inconstitucional.
El exministro tendrá que declarar ante el juez el 4 de octubre.
El juez rechazó la petición de aplazar el juicio.
La escritora colombiana Teresa Anzola ganó este miércoles el Premio Cervantes, el galardón más importante de las letras en español, por una obra que el jurado describió como «un mapa luminoso de la memoria, el exilio y la familia».
El premio, dotado con 125.000 euros, será entregado por el rey el 23 de abril en Alcalá de Henares.
«Las palabras son la única casa que nadie nos puede quitar», dijo Anzola.
El Museo del Prado inaugurará el martes una exposición sobre los dibujos de Goya.
La muestra reúne 140 obras, algunas de las cuales nunca se han exhibido en público.
La película española «El puerto callado» ganó la Concha de Oro del Festival de Cine de San Sebastián.
La directora, Marta Igartua, dedicó el premio a «todas las mujeres que nunca fueron escuchadas».
El cantante puertorriqueño ofrecerá tres conciertos en Madrid en junio.
Las entradas se agotaron en dos horas.
Los Grammy Latinos se entregarán el 14 de noviembre en Miami.
La película mexicana recibió cuatro nominaciones a los Óscar, entre ellas la de mejor película.
Unos arqueólogos descubrieron una ciudad maya oculta en la selva del sur de México.
El yacimiento incluye pirámides, plazas y un juego de pelota que datan de alrededor del año 750 d.C.
La Biblioteca Nacional de España recibió una donación de 3.000 cartas escritas por el poeta.
El cuadro se vendió en una subasta en Nueva York por 34 millones de dólares.
La Feria Internacional del Libro de Guadalajara espera recibir más de 800.000 visitantes este año.
El actor argentino Julián Etcheverry murió el domingo en Buenos Aires a los 87 años.
Participó en más de 60 películas y 40 obras de teatro a lo largo de una carrera de seis décadas.
La Unesco incluyó la fiesta tradicional en su lista de Patrimonio Cultural Inmaterial.
El español lo hablan casi 600 millones de personas, según el Instituto Cervantes.
La Real Academia Española incorporó 280 nuevas palabras a su diccionario en línea.
El teatro de la ópera reabrió sus puertas tras una reforma que costó 60 millones de euros.
El festival contará con más de 200 artistas de 30 países.
La exposición podrá visitarse hasta el 15 de enero, de 10.00 a 20.00 horas.
La novela ha vendido más de 2 millones de ejemplares y se ha traducido a 35 idiomas.
El presidente de Ecuador, Gabriel Montúfar, declaró el martes por la noche el estado de excepción en tres provincias costeras tras una ola de violencia que dejó al menos 28 muertos en menos de una semana, informó el Gobierno.
La medida estará vigente durante 60 días y permite el despliegue del Ejército en las calles.
El general Esteban Ruiz, comandante de las Fuerzas Armadas, afirmó que se desplegarán 4.000 soldados.
Los Gobiernos de Brasil y Colombia firmaron un acuerdo para proteger la selva amazónica.
La deforestación en la Amazonía brasileña cayó un 22 % en los últimos doce meses.
Un apagón dejó el jueves sin electricidad a la mayor parte de Cuba y afectó a unos 10 millones de personas.
La Cancillería venezolana rechazó el comunicado, que calificó de «injerencia en los asuntos internos».
El Congreso de Perú aprobó la moción con 87 votos a favor, 26 en contra y 11 abstenciones.
La presidenta de Guatemala, Lorena Castillo, prometió combatir la corrupción «sin excepciones».
Las reservas de litio de Bolivia se estiman en unos 21 millones de toneladas, entre las mayores del mundo.
El canal de Panamá redujo el número de tránsitos diarios de 38 a 27 debido a la sequía.
Los manifestantes bloquearon la carretera Panamericana durante cinco días.
El presidente de Uruguay, Martín Echenique, realizará una visita de Estado a España en mayo.
El ministro español de Asuntos Exteriores viajará la próxima semana a Buenos Aires, Santiago y Montevideo.
La gira tiene como objetivo reforzar los lazos económicos entre la Unión Europea y Mercosur.
