/**
 * The {@code java} backend: plain loops on the Java heap, always available, and the oracle every
 * other backend is tested against (accumulations in double where they decide a result). Written for
 * clarity before speed; its results do not depend on the thread count.
 */
package dev.vernier.kernels.java;
