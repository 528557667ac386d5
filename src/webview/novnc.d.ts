// The part of noVNC's RFB API the viewer uses (the package ships no types).
declare module '@novnc/novnc' {
  export interface RfbCredentials {
    username?: string;
    password?: string;
    target?: string;
  }

  export interface RfbOptions {
    shared?: boolean;
    credentials?: RfbCredentials;
    repeaterID?: string;
    wsProtocols?: string[];
  }

  export interface RfbEventDetails {
    connect: undefined;
    disconnect: { clean: boolean };
    credentialsrequired: { types: string[] };
    securityfailure: { status: number; reason?: string };
    clipboard: { text: string };
    desktopname: { name: string };
    bell: undefined;
  }

  export default class RFB extends EventTarget {
    constructor(target: HTMLElement, urlOrChannel: string | WebSocket, options?: RfbOptions);
    viewOnly: boolean;
    scaleViewport: boolean;
    resizeSession: boolean;
    clipViewport: boolean;
    focusOnClick: boolean;
    background: string;
    qualityLevel: number;
    compressionLevel: number;
    disconnect(): void;
    sendCredentials(credentials: RfbCredentials): void;
    sendCtrlAltDel(): void;
    clipboardPasteFrom(text: string): void;
    focus(options?: FocusOptions): void;
    blur(): void;
    toDataURL(type?: string, encoderOptions?: number): string;
    addEventListener<K extends keyof RfbEventDetails>(
      type: K,
      listener: (event: CustomEvent<RfbEventDetails[K]>) => void,
    ): void;
  }
}
