// The `edtf` package ships no type declarations: this covers the part of its API the service uses.
declare module 'edtf' {
  export interface Bitmask {
    readonly value: number;
  }

  export interface EdtfDate {
    readonly type: 'Date';
    readonly level: number;
    readonly values: number[];
    readonly min: number;
    readonly max: number;
    readonly approximate: Bitmask;
    readonly uncertain: Bitmask;
    readonly unspecified: Bitmask;
  }

  export interface EdtfInterval {
    readonly type: 'Interval';
    readonly level: number;
    readonly lower: EdtfDate | null | number;
    readonly upper: EdtfDate | null | number;
  }

  export interface EdtfOther {
    readonly type: 'Year' | 'Decade' | 'Century' | 'Season' | 'Set' | 'List';
    readonly level: number;
  }

  export type Edtf = EdtfDate | EdtfInterval | EdtfOther;

  export default function edtf(input: string): Edtf;
}
