/** Packages that ship no types of their own. */
declare module 'miniprogram-simulate';
declare module 'miniprogram-compiler';
