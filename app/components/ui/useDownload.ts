import { useState } from "react";
import { useAppBridge } from "@shopify/app-bridge-react";

/**
 * Downloads one of the app's own URLs as a file. App Bridge adds the session token to the app's own fetch
 * requests, so the download is authenticated (a plain link would not be).
 */
export function useDownload() {
  const shopify = useAppBridge();
  const [downloading, setDownloading] = useState(false);
  const download = async (url: string, filename: string) => {
    setDownloading(true);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const href = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = href;
      anchor.download = filename;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      URL.revokeObjectURL(href);
    } catch (error) {
      shopify.toast.show(`The download failed: ${error instanceof Error ? error.message : String(error)}`, {
        isError: true,
      });
    } finally {
      setDownloading(false);
    }
  };
  return { download, downloading };
}
