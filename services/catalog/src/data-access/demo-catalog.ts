/** Demo data seeded on the first start: a small outdoor-and-home shop. Parents come before children. */

export interface DemoCategory {
  slug: string;
  name: string;
  parent: string | null;
}

export interface DemoProduct {
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  currency: string;
  category: string;
  attributes: Record<string, string | number | boolean>;
}

export const demoCategories: DemoCategory[] = [
  { slug: 'electronics', name: 'Electronics', parent: null },
  { slug: 'audio', name: 'Audio', parent: 'electronics' },
  { slug: 'headphones', name: 'Headphones', parent: 'audio' },
  { slug: 'speakers', name: 'Speakers', parent: 'audio' },
  { slug: 'computers', name: 'Computers', parent: 'electronics' },
  { slug: 'laptops', name: 'Laptops', parent: 'computers' },
  { slug: 'computer-accessories', name: 'Computer accessories', parent: 'computers' },
  { slug: 'home-kitchen', name: 'Home & kitchen', parent: null },
  { slug: 'cookware', name: 'Cookware', parent: 'home-kitchen' },
  { slug: 'coffee', name: 'Coffee & tea', parent: 'home-kitchen' },
  { slug: 'outdoor', name: 'Outdoor', parent: null },
  { slug: 'camping', name: 'Camping', parent: 'outdoor' },
  { slug: 'cycling', name: 'Cycling', parent: 'outdoor' },
  { slug: 'office', name: 'Office', parent: null },
  { slug: 'stationery', name: 'Stationery', parent: 'office' },
];

export const demoProducts: DemoProduct[] = [
  { sku: 'HP-ANC-700', name: 'Noise-cancelling headphones 700', description: 'Over-ear, adaptive noise cancelling, 30 h battery, USB-C fast charge.', priceCents: 29900, currency: 'EUR', category: 'headphones', attributes: { color: 'black', wireless: true, batteryHours: 30 } },
  { sku: 'HP-STUDIO-M50', name: 'Studio monitor headphones', description: 'Closed-back, 45 mm drivers, detachable cable; a mixing-desk classic.', priceCents: 14900, currency: 'EUR', category: 'headphones', attributes: { color: 'black', wireless: false, impedanceOhm: 38 } },
  { sku: 'HP-BUDS-PRO', name: 'Wireless earbuds Pro', description: 'In-ear, IPX4, transparency mode, wireless charging case.', priceCents: 17900, currency: 'EUR', category: 'headphones', attributes: { color: 'white', wireless: true, batteryHours: 6 } },
  { sku: 'HP-KIDS-85', name: 'Kids headphones, volume-limited', description: 'On-ear, 85 dB limit, bendable headband.', priceCents: 2499, currency: 'EUR', category: 'headphones', attributes: { color: 'blue', wireless: false, maxDb: 85 } },
  { sku: 'SPK-BT-MINI', name: 'Bluetooth speaker mini', description: 'Pocket-sized, waterproof, 12 h playback.', priceCents: 4999, currency: 'EUR', category: 'speakers', attributes: { color: 'red', waterproof: true } },
  { sku: 'SPK-SHELF-PAIR', name: 'Bookshelf speakers (pair)', description: 'Active two-way speakers with optical and Bluetooth inputs.', priceCents: 34900, currency: 'EUR', category: 'speakers', attributes: { watts: 60, inputs: 'optical, bluetooth, aux' } },
  { sku: 'SPK-SOUNDBAR-2', name: 'Soundbar 2.1 with subwoofer', description: 'HDMI eARC, dialogue enhancement, wireless sub.', priceCents: 39900, currency: 'EUR', category: 'speakers', attributes: { channels: '2.1', hdmiArc: true } },
  { sku: 'LT-ULTRA-13', name: 'Ultrabook 13"', description: '13.3" 2.8K OLED, 16 GB RAM, 512 GB SSD, 1.1 kg.', priceCents: 129900, currency: 'EUR', category: 'laptops', attributes: { ramGb: 16, storageGb: 512, weightKg: 1.1 } },
  { sku: 'LT-WORK-15', name: 'Workstation laptop 15"', description: '15.6" 4K, 32 GB RAM, 1 TB SSD, discrete GPU.', priceCents: 219900, currency: 'EUR', category: 'laptops', attributes: { ramGb: 32, storageGb: 1024, weightKg: 2.0 } },
  { sku: 'LT-CHROME-11', name: 'Student Chromebook 11"', description: 'Rugged, spill-resistant keyboard, 10 h battery.', priceCents: 27900, currency: 'EUR', category: 'laptops', attributes: { ramGb: 4, storageGb: 64, weightKg: 1.2 } },
  { sku: 'ACC-MOUSE-ERGO', name: 'Ergonomic vertical mouse', description: 'Wireless, six buttons, rechargeable.', priceCents: 5999, currency: 'EUR', category: 'computer-accessories', attributes: { wireless: true, buttons: 6 } },
  { sku: 'ACC-KB-MECH', name: 'Mechanical keyboard, tenkeyless', description: 'Hot-swappable switches, PBT keycaps, USB-C.', priceCents: 11900, currency: 'EUR', category: 'computer-accessories', attributes: { layout: 'ISO-DE', switches: 'brown' } },
  { sku: 'ACC-HUB-USBC', name: 'USB-C hub 7-in-1', description: 'HDMI 4K60, 100 W pass-through, SD reader, 3 × USB-A.', priceCents: 4999, currency: 'EUR', category: 'computer-accessories', attributes: { ports: 7, powerDeliveryW: 100 } },
  { sku: 'ACC-STAND-ALU', name: 'Aluminium laptop stand', description: 'Foldable, six height settings.', priceCents: 3499, currency: 'EUR', category: 'computer-accessories', attributes: { material: 'aluminium' } },
  { sku: 'ACC-WEBCAM-4K', name: '4K webcam', description: 'Autofocus, dual microphones, privacy shutter.', priceCents: 8999, currency: 'EUR', category: 'computer-accessories', attributes: { resolution: '4K', microphones: 2 } },
  { sku: 'CK-PAN-28', name: 'Cast-iron skillet 28 cm', description: 'Pre-seasoned, oven-safe, lasts a lifetime.', priceCents: 4495, currency: 'EUR', category: 'cookware', attributes: { diameterCm: 28, material: 'cast iron', induction: true } },
  { sku: 'CK-POT-DUTCH-5L', name: 'Enamelled Dutch oven 5 l', description: 'For braises, stews and bread.', priceCents: 12900, currency: 'EUR', category: 'cookware', attributes: { litres: 5, color: 'cherry' } },
  { sku: 'CK-KNIFE-CHEF-20', name: "Chef's knife 20 cm", description: 'Forged stainless steel, full tang.', priceCents: 8900, currency: 'EUR', category: 'cookware', attributes: { bladeCm: 20, steel: 'X50CrMoV15' } },
  { sku: 'CK-SET-NONSTICK-3', name: 'Non-stick pan set (3 pieces)', description: '20, 24 and 28 cm, PFOA-free coating.', priceCents: 7900, currency: 'EUR', category: 'cookware', attributes: { pieces: 3, induction: true } },
  { sku: 'CF-GRINDER-BURR', name: 'Conical burr coffee grinder', description: '40 grind settings from espresso to cold brew.', priceCents: 15900, currency: 'EUR', category: 'coffee', attributes: { settings: 40 } },
  { sku: 'CF-KETTLE-GOOSE', name: 'Gooseneck kettle, temperature control', description: '0.9 l, hold function, 1 °C steps.', priceCents: 8900, currency: 'EUR', category: 'coffee', attributes: { litres: 0.9 } },
  { sku: 'CF-BEANS-ETH-1KG', name: 'Ethiopia Yirgacheffe beans 1 kg', description: 'Light roast, floral, bergamot and lemon.', priceCents: 3490, currency: 'EUR', category: 'coffee', attributes: { roast: 'light', origin: 'Ethiopia', grams: 1000 } },
  { sku: 'CF-TEA-SENCHA-250', name: 'Japanese sencha 250 g', description: 'First flush, steamed, grassy and sweet.', priceCents: 1890, currency: 'EUR', category: 'coffee', attributes: { grams: 250, origin: 'Japan' } },
  { sku: 'CF-PRESS-1L', name: 'French press 1 l', description: 'Borosilicate glass, stainless steel frame.', priceCents: 3290, currency: 'EUR', category: 'coffee', attributes: { litres: 1 } },
  { sku: 'CMP-TENT-2P', name: 'Two-person backpacking tent', description: 'Freestanding, 1.6 kg, double wall, 3-season.', priceCents: 32900, currency: 'EUR', category: 'camping', attributes: { persons: 2, weightKg: 1.6, seasons: 3 } },
  { sku: 'CMP-BAG-DOWN-0', name: 'Down sleeping bag 0 °C', description: '750 fill power, compressible to 3 litres.', priceCents: 27900, currency: 'EUR', category: 'camping', attributes: { comfortC: 0, fillPower: 750 } },
  { sku: 'CMP-STOVE-GAS', name: 'Compact gas stove', description: 'Boils 1 l in 3.5 min, piezo ignition.', priceCents: 5490, currency: 'EUR', category: 'camping', attributes: { fuel: 'butane/propane' } },
  { sku: 'CMP-LAMP-HEAD-400', name: 'Headlamp 400 lm', description: 'Rechargeable, red light mode, IPX6.', priceCents: 3990, currency: 'EUR', category: 'camping', attributes: { lumens: 400 } },
  { sku: 'CMP-MAT-INFL', name: 'Insulated sleeping mat', description: 'R-value 4.2, packs to a water bottle.', priceCents: 11900, currency: 'EUR', category: 'camping', attributes: { rValue: 4.2 } },
  { sku: 'CYC-HELMET-M', name: 'Road cycling helmet (M)', description: 'MIPS, 18 vents, 260 g.', priceCents: 12900, currency: 'EUR', category: 'cycling', attributes: { size: 'M', mips: true } },
  { sku: 'CYC-LIGHTS-SET', name: 'Bike light set, front and rear', description: 'USB rechargeable, StVZO approved.', priceCents: 4490, currency: 'EUR', category: 'cycling', attributes: { frontLux: 70, approved: 'StVZO' } },
  { sku: 'CYC-LOCK-U', name: 'Hardened steel U-lock', description: '16 mm shackle, two keys, frame mount.', priceCents: 6990, currency: 'EUR', category: 'cycling', attributes: { shackleMm: 16 } },
  { sku: 'CYC-PUMP-FLOOR', name: 'Floor pump with gauge', description: 'Presta and Schrader, up to 11 bar.', priceCents: 3990, currency: 'EUR', category: 'cycling', attributes: { maxBar: 11 } },
  { sku: 'OFF-NOTEBOOK-A5', name: 'Dotted notebook A5', description: '160 pages, 100 g/m² paper, lay-flat binding.', priceCents: 1695, currency: 'EUR', category: 'stationery', attributes: { pages: 160, paperGsm: 100 } },
  { sku: 'OFF-PEN-FOUNT-F', name: 'Fountain pen, fine nib', description: 'Steel nib, converter and cartridges included.', priceCents: 2990, currency: 'EUR', category: 'stationery', attributes: { nib: 'F' } },
  { sku: 'OFF-DESK-LAMP', name: 'LED desk lamp', description: 'Dimmable, colour temperature 2700–6500 K, USB charging port.', priceCents: 4990, currency: 'EUR', category: 'office', attributes: { minK: 2700, maxK: 6500 } },
  { sku: 'OFF-CHAIR-ERGO', name: 'Ergonomic office chair', description: 'Mesh back, adjustable lumbar support and 4D armrests.', priceCents: 44900, currency: 'EUR', category: 'office', attributes: { mesh: true, maxLoadKg: 130 } },
  { sku: 'OFF-DESK-SIT-STAND', name: 'Electric sit-stand desk', description: 'Dual motor, 160 × 80 cm top, four memory presets.', priceCents: 59900, currency: 'EUR', category: 'office', attributes: { widthCm: 160, depthCm: 80 } },
];
