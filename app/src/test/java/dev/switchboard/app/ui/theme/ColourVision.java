package dev.switchboard.app.ui.theme;

/**
 * Colour arithmetic for checking a theme: WCAG 2 contrast ratios, colour-vision deficiency as
 * simulated by Machado, Oliveira and Fernandes (2009, severity 1: dichromacy) on linear sRGB, and
 * CIEDE2000 differences in CIELAB (D65). Pure; any thread.
 */
final class ColourVision {
  /** The simulated visions: each a 3×3 matrix on linear RGB. */
  enum Vision {
    NORMAL(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}),
    PROTANOPIA(new double[][] {{0.152286, 1.052583, -0.204868},
        {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}}),
    DEUTERANOPIA(new double[][] {{0.367322, 0.860646, -0.227968},
        {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}}),
    TRITANOPIA(new double[][] {{1.255528, -0.076749, -0.178779},
        {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}});

    final double[][] matrix;

    Vision(double[][] matrix) {
      this.matrix = matrix;
    }
  }

  private ColourVision() {}

  /** WCAG 2 contrast ratio of two "#rrggbb" colours (1 to 21). */
  static double contrast(String a, String b) {
    double la = luminance(linear(a));
    double lb = luminance(linear(b));
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** How different two colours look to {@code vision}: CIEDE2000 of the simulated colours. */
  static double difference(String a, String b, Vision vision) {
    return ciede2000(lab(simulate(linear(a), vision)), lab(simulate(linear(b), vision)));
  }

  static double[] linear(String hex) {
    double[] rgb = new double[3];
    for (int i = 0; i < 3; i++) {
      double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
      rgb[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
    return rgb;
  }

  private static double luminance(double[] rgb) {
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  }

  static double[] simulate(double[] rgb, Vision v) {
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      double s = 0;
      for (int j = 0; j < 3; j++) {
        s += v.matrix[i][j] * rgb[j];
      }
      out[i] = Math.max(0, Math.min(1, s));
    }
    return out;
  }

  static double[] lab(double[] rgb) {
    double x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
    double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    double z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
    double fx = f(x);
    double fy = f(y);
    double fz = f(z);
    return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
  }

  private static double f(double t) {
    return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
  }

  /** CIEDE2000 (Sharma, Wu and Dalal 2005). */
  static double ciede2000(double[] lab1, double[] lab2) {
    double l1 = lab1[0];
    double a1 = lab1[1];
    double b1 = lab1[2];
    double l2 = lab2[0];
    double a2 = lab2[1];
    double b2 = lab2[2];
    double cBar = (Math.hypot(a1, b1) + Math.hypot(a2, b2)) / 2;
    double g = 0.5 * (1 - Math.sqrt(Math.pow(cBar, 7) / (Math.pow(cBar, 7) + Math.pow(25, 7))));
    double a1p = (1 + g) * a1;
    double a2p = (1 + g) * a2;
    double c1p = Math.hypot(a1p, b1);
    double c2p = Math.hypot(a2p, b2);
    double h1p = hue(b1, a1p);
    double h2p = hue(b2, a2p);
    double dLp = l2 - l1;
    double dCp = c2p - c1p;
    double dhp;
    if (c1p * c2p == 0) {
      dhp = 0;
    } else if (Math.abs(h2p - h1p) <= 180) {
      dhp = h2p - h1p;
    } else {
      dhp = h2p - h1p > 180 ? h2p - h1p - 360 : h2p - h1p + 360;
    }
    double dHp = 2 * Math.sqrt(c1p * c2p) * Math.sin(Math.toRadians(dhp / 2));
    double lBarP = (l1 + l2) / 2;
    double cBarP = (c1p + c2p) / 2;
    double hBarP;
    if (c1p * c2p == 0) {
      hBarP = h1p + h2p;
    } else if (Math.abs(h1p - h2p) <= 180) {
      hBarP = (h1p + h2p) / 2;
    } else {
      hBarP = h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2;
    }
    double t = 1 - 0.17 * Math.cos(Math.toRadians(hBarP - 30))
        + 0.24 * Math.cos(Math.toRadians(2 * hBarP))
        + 0.32 * Math.cos(Math.toRadians(3 * hBarP + 6))
        - 0.20 * Math.cos(Math.toRadians(4 * hBarP - 63));
    double dTheta = 30 * Math.exp(-Math.pow((hBarP - 275) / 25, 2));
    double rc = 2 * Math.sqrt(Math.pow(cBarP, 7) / (Math.pow(cBarP, 7) + Math.pow(25, 7)));
    double sl = 1 + 0.015 * Math.pow(lBarP - 50, 2) / Math.sqrt(20 + Math.pow(lBarP - 50, 2));
    double sc = 1 + 0.045 * cBarP;
    double sh = 1 + 0.015 * cBarP * t;
    double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
    return Math.sqrt(Math.pow(dLp / sl, 2) + Math.pow(dCp / sc, 2) + Math.pow(dHp / sh, 2)
        + rt * (dCp / sc) * (dHp / sh));
  }

  private static double hue(double b, double a) {
    if (a == 0 && b == 0) {
      return 0;
    }
    double h = Math.toDegrees(Math.atan2(b, a));
    return h < 0 ? h + 360 : h;
  }
}
