// The `process` list as a manifest writes it: every accepted form, a message for each mistake,
// and one canonical form (defaults written out) for the spec hash and the sidecar.
import assert from 'node:assert/strict';
import { describeStep, parseProcessSteps } from '../../../../src/core/image/process/parseSteps';

describe('process: parsing the steps', () => {
  it('accepts every step in its short and long forms, with defaults', () => {
    const { steps, problems } = parseProcessSteps([
      { removeBackground: 'auto' },
      { removeBackground: { color: '#0f0', tolerance: 30 } },
      { trim: {} },
      { trim: { threshold: 8 } },
      { pad: 4 },
      { pad: { px: 2, color: '#ffffff80' } },
      { resize: { size: '64x32' } },
      { resize: { size: '16x16', fit: 'contain', kernel: 'nearest' } },
      { quantize: { colors: 16 } },
      { quantize: { palette: 'palettes/pico8.hex' } },
      { outline: 1 },
      { outline: { px: 2, color: '#ff0000' } },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(steps, [
      { op: 'removeBackground', color: 'auto', tolerance: 48 },
      { op: 'removeBackground', color: [0, 255, 0], tolerance: 30 },
      { op: 'trim', threshold: 0 },
      { op: 'trim', threshold: 8 },
      { op: 'pad', px: 4, color: [0, 0, 0, 0] },
      { op: 'pad', px: 2, color: [255, 255, 255, 128] },
      { op: 'resize', width: 64, height: 32, fit: 'cover', kernel: 'lanczos3' },
      { op: 'resize', width: 16, height: 16, fit: 'contain', kernel: 'nearest' },
      { op: 'quantize', colors: 16 },
      { op: 'quantize', palette: 'palettes/pico8.hex' },
      { op: 'outline', px: 1, color: [0, 0, 0, 255] },
      { op: 'outline', px: 2, color: [255, 0, 0, 255] },
    ]);
  });

  it('says what is wrong with each bad step, and keeps the good ones', () => {
    const cases: Array<[unknown, RegExp, string?]> = [
      [{ trim: {}, pad: 2 }, /one key/],
      [{ blur: 2 }, /one key: removeBackground, trim, pad, resize, quantize, outline/],
      ['trim', /one key/],
      [{ removeBackground: { color: '#00ff00', tolerance: 300 } }, /"tolerance" must be a whole number from 0 to 255/, 'tolerance'],
      [{ removeBackground: { color: 'green' } }, /"color" must be "auto" or an opaque/, 'color'],
      [{ removeBackground: { color: '#00ff0080' } }, /opaque/, 'color'],
      [{ removeBackground: 'yes' }, /"removeBackground" is "auto"/],
      [{ trim: { threshold: 255 } }, /0 to 254/, 'threshold'],
      [{ trim: { treshold: 2 } }, /Unknown field "treshold" in "trim"/, 'treshold'],
      [{ pad: -1 }, /"px" must be a whole number from 0 to 1024/, 'px'],
      [{ pad: { px: 2, color: 'blue' } }, /"color" must be/, 'color'],
      [{ resize: '64x64' }, /"resize" is \{"size"/],
      [{ resize: { size: '64' } }, /WIDTHxHEIGHT/, 'size'],
      [{ resize: { size: '0x64' } }, /sides from 1 to 4096/, 'size'],
      [{ resize: { size: '64x64', fit: 'stretch' } }, /"fit" must be one of cover, contain, fill/, 'fit'],
      [{ resize: { size: '64x64', kernel: 'bicubic' } }, /"kernel" must be one of lanczos3, nearest, box/, 'kernel'],
      [{ quantize: {} }, /"quantize" is \{"colors": N\} or/],
      [{ quantize: { colors: 8, palette: 'p.hex' } }, /"quantize" is/],
      [{ quantize: { colors: 1 } }, /from 2 to 256/, 'colors'],
      [{ quantize: { colors: 300 } }, /from 2 to 256/, 'colors'],
      [{ quantize: { palette: 'p.txt' } }, /\.hex file/, 'palette'],
      [{ outline: 0 }, /from 1 to 64/, 'px'],
    ];
    for (const [step, message, field] of cases) {
      const { steps, problems } = parseProcessSteps([{ trim: {} }, step]);
      assert.equal(steps.length, 1, `${JSON.stringify(step)} was accepted`);
      assert.equal(problems.length >= 1, true);
      assert.equal(problems[0]!.index, 1);
      assert.match(problems[0]!.message, message, JSON.stringify(step));
      if (field) assert.equal(problems[0]!.field, field, JSON.stringify(step));
    }
    assert.match(parseProcessSteps({ trim: {} }).problems[0]!.message, /must be a list of steps/);
    assert.deepEqual(parseProcessSteps([]), { steps: [], problems: [] });
  });

  it('describes a step the same way whether its defaults were written or not', () => {
    const short = parseProcessSteps([{ trim: {} }, { pad: 4 }, { resize: { size: '8x8' } }, { removeBackground: 'auto' }]).steps;
    const long = parseProcessSteps([
      { trim: { threshold: 0 } },
      { pad: { px: 4, color: 'transparent' } },
      { resize: { size: '8x8', fit: 'cover', kernel: 'lanczos3' } },
      { removeBackground: { color: 'auto', tolerance: 48 } },
    ]).steps;
    assert.deepEqual(short.map(describeStep), long.map(describeStep));
    assert.deepEqual(short.map(describeStep), [
      { trim: { threshold: 0 } },
      { pad: { px: 4, color: '#00000000' } },
      { resize: { size: '8x8', fit: 'cover', kernel: 'lanczos3' } },
      { removeBackground: { color: 'auto', tolerance: 48 } },
    ]);
    // The canonical form parses back to the same steps.
    assert.deepEqual(parseProcessSteps(long.map(describeStep)).steps, long);
  });
});
