import { describe, expect, it } from 'vitest';
import { guessLanguage, plainEnglish } from './guess-language.js';

describe('guessLanguage', () => {
  it('when the text is English prose, then it is English, decided without franc', () => {
    const text =
      'The version is promoted to staging when its gates pass, ' +
      'and the alias moves in one step so that the API serves it.';
    expect(plainEnglish(text)).toBe(true);
    expect(guessLanguage(text)).toBe('eng');
  });

  it('when the text is in another language, then franc decides as before', () => {
    const samples = {
      fra:
        "La version est promue vers l'environnement de production " +
        'lorsque toutes les vérifications de qualité sont passées avec succès.',
      deu:
        'Die Version wird in die Produktionsumgebung übernommen, ' +
        'sobald alle Qualitätsprüfungen erfolgreich bestanden wurden und nichts fehlt.',
      spa:
        'La versión se promueve al entorno de producción ' +
        'cuando todas las comprobaciones de calidad se han superado con éxito y sin errores.',
      nld:
        'De versie wordt naar de productieomgeving gepromoveerd ' +
        'wanneer alle kwaliteitscontroles met succes zijn doorstaan en niets ontbreekt.',
    };
    for (const [language, text] of Object.entries(samples)) {
      expect(plainEnglish(text), language).toBe(false);
      expect(guessLanguage(text), language).toBe(language);
    }
  });

  it('when the text is short, then it is undetermined', () => {
    expect(guessLanguage('ok')).toBe('und');
  });
});
